// The message browser's React modules, for the component tests in this folder (type-checked by
// ../tsconfig.json, with JSX and the DOM).
export { MessagesScreen } from '../../../renderer/screens/messages/MessagesScreen.js';
export { JsonTree } from '../../../renderer/screens/messages/JsonTree.js';
export { ValueView } from '../../../renderer/screens/messages/ValueView.js';
export { MessageList } from '../../../renderer/screens/messages/MessageList.js';
export { TimeMapBars } from '../../../renderer/screens/messages/TimeMap.js';
export { TopicDetailScreen } from '../../../renderer/screens/topics/TopicDetailScreen.js';
