// Routing by the URL's hash, so a reload and the file:// page in Electron both land where they were.
import { useCallback, useEffect, useState } from 'react';

export type Route =
  | { screen: 'overview' }
  | { screen: 'brokers' }
  | { screen: 'topics' }
  | { screen: 'topic'; name: string }
  /** The message browser, on one topic when named. */
  | { screen: 'messages'; topic?: string }
  | { screen: 'groups' }
  | { screen: 'group'; groupId: string }
  | { screen: 'connections' };

export type ScreenName = 'overview' | 'brokers' | 'topics' | 'messages' | 'groups' | 'connections';

function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '');
  const [first, ...rest] = path.split('/');
  switch (first) {
    case 'brokers':
      return { screen: 'brokers' };
    case 'topics': {
      const name = rest.join('/');
      if (!name) return { screen: 'topics' };
      try {
        return { screen: 'topic', name: decodeURIComponent(name) };
      } catch {
        return { screen: 'topics' };
      }
    }
    case 'messages': {
      const topic = decoded(rest.join('/'));
      return topic ? { screen: 'messages', topic } : { screen: 'messages' };
    }
    case 'groups': {
      const groupId = decoded(rest.join('/'));
      return groupId ? { screen: 'group', groupId } : { screen: 'groups' };
    }
    case 'connections':
      return { screen: 'connections' };
    default:
      return { screen: 'overview' };
  }
}

export function routeHash(route: Route): string {
  switch (route.screen) {
    case 'topic':
      return `#/topics/${encodeURIComponent(route.name)}`;
    case 'messages':
      return route.topic ? `#/messages/${encodeURIComponent(route.topic)}` : '#/messages';
    case 'group':
      return `#/groups/${encodeURIComponent(route.groupId)}`;
    default:
      return `#/${route.screen}`;
  }
}

/** Which navbar entry a route belongs to. */
export function screenOf(route: Route): ScreenName {
  if (route.screen === 'topic') return 'topics';
  if (route.screen === 'group') return 'groups';
  return route.screen;
}

export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    onChange();
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [route, useCallback((next: Route) => navigate(next), [])];
}
