import { createTheme, localStorageColorSchemeManager, MantineProvider, Modal } from '@mantine/core';
import type { ReactNode } from 'react';
import { Shell } from './Shell.js';

const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  components: {
    Modal: Modal.extend({ styles: { title: { fontWeight: 600 } } }),
  },
});

const colorSchemeManager = localStorageColorSchemeManager({ key: 'oxbow-color-scheme' });

/** Mantine with Oxbow's theme; `env="test"` turns off transitions and portals for component tests. */
export function Providers({ children, env }: { children: ReactNode; env?: 'default' | 'test' }) {
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto" env={env}>
      {children}
    </MantineProvider>
  );
}

export function App({ env }: { env?: 'default' | 'test' }) {
  return (
    <Providers env={env}>
      <Shell />
    </Providers>
  );
}
