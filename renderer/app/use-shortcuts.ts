// Keyboard navigation: "g" then a letter (g o, g b, g t), as in GitHub and Gmail, and mod+1/2/3.
// Mantine's useHotkeys handles chords but not sequences, so the "g" prefix is handled here.
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import type { ScreenName } from './routes.js';

export interface Shortcut {
  screen: ScreenName;
  sequence: string;
  chord: string;
}

export const SHORTCUTS: Shortcut[] = [
  { screen: 'overview', sequence: 'g o', chord: 'mod+1' },
  { screen: 'brokers', sequence: 'g b', chord: 'mod+2' },
  { screen: 'topics', sequence: 'g t', chord: 'mod+3' },
  { screen: 'messages', sequence: 'g m', chord: 'mod+4' },
  { screen: 'groups', sequence: 'g g', chord: 'mod+5' },
  { screen: 'connections', sequence: 'g c', chord: 'mod+6' },
];

const SEQUENCE_WINDOW_MS = 1_200;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useShortcuts(go: (screen: ScreenName) => void, showHelp: () => void): void {
  const latest = useRef({ go, showHelp });
  latest.current = { go, showHelp };
  useHotkeys(SHORTCUTS.map((s): [string, () => void] => [s.chord, () => go(s.screen)]));

  useEffect(() => {
    let prefixAt = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      // '?' is shift+/ on US keyboards and something else elsewhere: match the character typed.
      if (key === '?') {
        prefixAt = 0;
        latest.current.showHelp();
        return;
      }
      if (prefixAt && Date.now() - prefixAt < SEQUENCE_WINDOW_MS) {
        prefixAt = 0;
        const match = SHORTCUTS.find((s) => s.sequence === `g ${key}`);
        if (match) {
          event.preventDefault();
          latest.current.go(match.screen);
          return;
        }
      }
      prefixAt = key === 'g' ? Date.now() : 0;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
