// The frame around every screen: navbar with the screens, header with the connection and the
// theme switch, keyboard shortcuts, and the screen the URL's hash names. Brokers is the embedded
// cluster's screen (controls, map, timeline): hidden while an external cluster is selected.
import { AppShell, Burger, Group, Kbd, NavLink, ScrollArea } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import type { ComponentType } from 'react';
import { IconGauge, IconList, IconMessages, IconPlug, IconServer, IconUsers } from '../components/icons.js';
import { BrokersScreen } from '../screens/brokers/BrokersScreen.js';
import { ConnectionsScreen } from '../screens/connections/ConnectionsScreen.js';
import { useIsExternal } from '../screens/connections/use-connections.js';
import { GroupDetailScreen } from '../screens/groups/GroupDetailScreen.js';
import { GroupsScreen } from '../screens/groups/GroupsScreen.js';
import { MessagesScreen } from '../screens/messages/MessagesScreen.js';
import { OverviewScreen } from '../screens/overview/OverviewScreen.js';
import { TopicDetailScreen } from '../screens/topics/TopicDetailScreen.js';
import { TopicsScreen } from '../screens/topics/TopicsScreen.js';
import { ConnectionLabel } from './ConnectionLabel.js';
import { Logo } from './Logo.js';
import { routeHash, screenOf, useRoute, type Route, type ScreenName } from './routes.js';
import { ShortcutHelp } from './ShortcutHelp.js';
import { ThemeSwitch } from './ThemeSwitch.js';
import { SHORTCUTS, useShortcuts } from './use-shortcuts.js';

const NAV: { screen: ScreenName; label: string; Icon: ComponentType<{ size?: number }>; embeddedOnly?: boolean }[] = [
  { screen: 'overview', label: 'Overview', Icon: IconGauge },
  { screen: 'brokers', label: 'Brokers', Icon: IconServer, embeddedOnly: true },
  { screen: 'topics', label: 'Topics', Icon: IconList },
  { screen: 'messages', label: 'Messages', Icon: IconMessages },
  { screen: 'groups', label: 'Consumer groups', Icon: IconUsers },
  { screen: 'connections', label: 'Connections', Icon: IconPlug },
];

function titleOf(route: Route): string {
  if (route.screen === 'topic') return `${route.name} · Topics · Oxbow`;
  if (route.screen === 'group') return `${route.groupId} · Consumer groups · Oxbow`;
  if (route.screen === 'messages' && route.topic) return `${route.topic} · Messages · Oxbow`;
  return `${NAV.find((n) => n.screen === route.screen)?.label ?? ''} · Oxbow`;
}

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'overview':
      return <OverviewScreen />;
    case 'brokers':
      return <BrokersScreen />;
    case 'topics':
      return <TopicsScreen />;
    case 'topic':
      return <TopicDetailScreen key={route.name} name={route.name} />;
    case 'messages':
      return <MessagesScreen key={route.topic ?? ''} topic={route.topic} />;
    case 'groups':
      return <GroupsScreen />;
    case 'group':
      return <GroupDetailScreen key={route.groupId} groupId={route.groupId} />;
    case 'connections':
      return <ConnectionsScreen />;
  }
}

export function Shell() {
  const [route, go] = useRoute();
  const [navOpened, nav] = useDisclosure(false);
  const [helpOpened, help] = useDisclosure(false);
  const current = screenOf(route);
  const external = useIsExternal();
  useDocumentTitle(titleOf(route));
  useShortcuts((screen) => go({ screen }), help.open);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Logo />
            <ConnectionLabel />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ThemeSwitch />
            <ShortcutHelp opened={helpOpened} onOpen={help.open} onClose={help.close} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          {NAV.filter((n) => !(external && n.embeddedOnly)).map(({ screen, label, Icon }) => (
            <NavLink
              key={screen}
              href={routeHash({ screen })}
              label={label}
              leftSection={<Icon size={18} />}
              rightSection={<Kbd size="xs" visibleFrom="sm">{SHORTCUTS.find((s) => s.screen === screen)?.sequence}</Kbd>}
              active={current === screen}
              onClick={nav.close}
              data-testid={`nav-${screen}`}
              aria-current={current === screen ? 'page' : undefined}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Screen route={route} />
      </AppShell.Main>
    </AppShell>
  );
}
