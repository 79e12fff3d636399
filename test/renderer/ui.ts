// The renderer's React modules, for the component tests in this folder (type-checked by
// ./tsconfig.json, with JSX and the DOM).
export { Providers } from '../../renderer/app/App.js';
export { Shell } from '../../renderer/app/Shell.js';
export { BrokersScreen } from '../../renderer/screens/brokers/BrokersScreen.js';
export { OverviewScreen } from '../../renderer/screens/overview/OverviewScreen.js';
export { TopicDetailScreen } from '../../renderer/screens/topics/TopicDetailScreen.js';
export { TopicsScreen } from '../../renderer/screens/topics/TopicsScreen.js';
export { GroupDetailScreen } from '../../renderer/screens/groups/GroupDetailScreen.js';
export { GroupsScreen } from '../../renderer/screens/groups/GroupsScreen.js';
export { ConnectionsScreen } from '../../renderer/screens/connections/ConnectionsScreen.js';
