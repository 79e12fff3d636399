// What the page shows, read from the DOM by the renderer's data-testid attributes, and the README's
// screenshots. Reads only: the tests click through the page themselves.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Role } from './ground-truth.js';

const root = path.resolve(import.meta.dirname, '../../..');
export const SCREENSHOTS = path.join(root, 'docs/screenshots');

/** `partition -> brokerId -> data-role` of one topic's replicas on the Brokers screen's cluster map. */
export async function mapRoles(page: Page, topic: string): Promise<Record<number, Record<number, Role>>> {
  const cells = await page.locator(`[data-testid^="replica-${topic}-"]`).evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-testid') ?? '', e.getAttribute('data-role') ?? ''] as const));
  const prefix = `replica-${topic}-`;
  const roles: Record<number, Record<number, Role>> = {};
  for (const [testId, role] of cells) {
    const match = /^(\d+)-(\d+)$/.exec(testId.slice(prefix.length));
    if (!match) continue;
    const [partition, broker] = [Number(match[1]), Number(match[2])];
    (roles[partition] ??= {})[broker] = role as Role;
  }
  return roles;
}

export interface TimelineItem {
  type: string;
  text: string;
}

/** The event timeline as shown, newest first: each item's event type and its sentence. */
export function timeline(page: Page): Promise<TimelineItem[]> {
  return page.getByTestId('timeline-event').evaluateAll((els) =>
    els.map((e) => ({ type: e.getAttribute('data-event-type') ?? '', text: e.lastElementChild?.textContent ?? '' })));
}

/** The text of each cell of a table row. */
export function rowCells(page: Page, rowTestId: string): Promise<string[]> {
  return page.getByTestId(rowTestId).locator('td').evaluateAll((tds) => tds.map((td) => (td.textContent ?? '').trim()));
}

/**
 * A full-page PNG for the README, taken with the pointer parked in a corner (no tooltip, no hover)
 * and the light theme checked, since the committed pictures are all light.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const scheme = await page.locator('html').getAttribute('data-mantine-color-scheme');
  if (scheme !== 'light') throw new Error(`screenshot ${name}: the page is in the ${scheme} theme, not light`);
  await page.mouse.move(0, 0);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  return file;
}
