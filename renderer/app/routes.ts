// Routing by the URL's hash, so a reload and the file:// page in Electron both land where they were.
import { useCallback, useEffect, useState } from 'react';

export type Route =
  | { screen: 'overview' }
  | { screen: 'brokers' }
  | { screen: 'topics' }
  | { screen: 'topic'; name: string };

export type ScreenName = 'overview' | 'brokers' | 'topics';

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
    default:
      return { screen: 'overview' };
  }
}

export function routeHash(route: Route): string {
  return route.screen === 'topic' ? `#/topics/${encodeURIComponent(route.name)}` : `#/${route.screen}`;
}

/** Which navbar entry a route belongs to. */
export function screenOf(route: Route): ScreenName {
  return route.screen === 'topic' ? 'topics' : route.screen;
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
