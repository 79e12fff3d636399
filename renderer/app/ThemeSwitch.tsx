import { Center, SegmentedControl, Tooltip, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { IconContrast, IconMoon, IconSun } from '../components/icons.js';

const OPTIONS: { value: MantineColorScheme; label: string; Icon: typeof IconSun }[] = [
  { value: 'light', label: 'Light', Icon: IconSun },
  { value: 'dark', label: 'Dark', Icon: IconMoon },
  { value: 'auto', label: 'Follow the system', Icon: IconContrast },
];

/** Light, dark or the system's; Mantine's color scheme manager keeps the choice in localStorage. */
export function ThemeSwitch() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <SegmentedControl
      size="xs"
      value={colorScheme}
      onChange={(value) => setColorScheme(value as MantineColorScheme)}
      data-testid="theme-switch"
      aria-label="Color scheme"
      data={OPTIONS.map(({ value, label, Icon }) => ({
        value,
        label: (
          <Tooltip label={label} openDelay={300}>
            <Center data-testid={`theme-${value}`} aria-label={label}>
              <Icon size={16} />
            </Center>
          </Tooltip>
        ),
      }))}
    />
  );
}
