import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, navigationScript } from '../../../main/app/menu.js';

vi.mock('electron', () => ({}));

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const actions = () => ({ navigate: vi.fn(), showAbout: vi.fn(), openDocs: vi.fn() });

describe('application menu', () => {
  it('has View entries that move the UI to each screen', () => {
    const a = actions();
    const template = buildMenuTemplate({ isMac: false, isDev: false }, a);
    const view = template.find((item) => item.label === 'View')!.submenu as MenuItemConstructorOptions[];
    for (const [label, screen] of [['Overview', 'overview'], ['Brokers', 'brokers'], ['Topics', 'topics']] as const) {
      const item = view.find((i) => i.label === label)!;
      (item.click as () => void)();
      expect(a.navigate).toHaveBeenLastCalledWith(screen);
    }
    expect(view.some((i) => i.role === 'reload')).toBe(true);
  });

  it('offers DevTools only in development', () => {
    const roles = (isDev: boolean) => flatten(buildMenuTemplate({ isMac: false, isDev }, actions())).map((i) => i.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('uses the standard roles, with About in Help except on macOS (where the app menu has it)', () => {
    const a = actions();
    const other = buildMenuTemplate({ isMac: false, isDev: false }, a);
    expect(other.map((i) => i.role ?? i.label)).toEqual(['fileMenu', 'editMenu', 'View', 'windowMenu', 'help']);
    const help = flatten(other).filter((i) => i.label === 'About Oxbow' || i.label === 'Kafka Documentation');
    help.forEach((i) => (i.click as () => void)());
    expect(a.showAbout).toHaveBeenCalledTimes(1);
    expect(a.openDocs).toHaveBeenCalledTimes(1);
    const mac = buildMenuTemplate({ isMac: true, isDev: false }, actions());
    expect(mac[0].role).toBe('appMenu');
    expect(flatten(mac).some((i) => i.label === 'About Oxbow')).toBe(false);
  });

  it('navigates by the hash routes the renderer reads', () => {
    expect(navigationScript('brokers')).toBe('window.location.hash = "#/brokers";');
  });
});
