// A handful of stroke icons drawn inline (24-unit grid, like Tabler's), so the UI needs no icon package.
import type { ReactNode, SVGProps } from 'react';

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number };

function icon(name: string, paths: ReactNode) {
  function Icon({ size = 18, ...rest }: IconProps) {
    return (
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {paths}
      </svg>
    );
  }
  Icon.displayName = `Icon${name}`;
  return Icon;
}

export const IconGauge = icon('Gauge', <><circle cx="12" cy="12" r="9" /><path d="M12 12l3.5-3.5" /><path d="M7 12h.01M12 7h.01M17 12h.01" /></>);
export const IconServer = icon('Server', <><rect x="3" y="4" width="18" height="7" rx="2" /><rect x="3" y="13" width="18" height="7" rx="2" /><path d="M7 7.5h.01M7 16.5h.01" /></>);
export const IconList = icon('List', <><path d="M9 6h11M9 12h11M9 18h11" /><path d="M5 6h.01M5 12h.01M5 18h.01" /></>);
export const IconSun = icon('Sun', <><circle cx="12" cy="12" r="4" /><path d="M12 3v1M12 20v1M3 12h1M20 12h1M5.6 5.6l.7.7M17.7 17.7l.7.7M5.6 18.4l.7-.7M17.7 6.3l.7-.7" /></>);
export const IconMoon = icon('Moon', <path d="M12 3a7.5 7.5 0 0 0 9 9 9 9 0 1 1-9-9z" />);
export const IconContrast = icon('Contrast', <><circle cx="12" cy="12" r="9" /><path d="M12 3v18" /><path d="M12 3a9 9 0 0 1 0 18z" fill="currentColor" /></>);
export const IconKeyboard = icon('Keyboard', <><rect x="2" y="6" width="20" height="12" rx="2" /><path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" /></>);
export const IconMessages = icon('Messages', <><path d="M4 5h16v11H8l-4 4z" /><path d="M8 9h8M8 12h5" /></>);
export const IconUsers = icon('Users', <><circle cx="9" cy="8" r="3.5" /><path d="M2.5 20a6.5 6.5 0 0 1 13 0" /><path d="M16 4.5a3.5 3.5 0 0 1 0 7M18 14a6.5 6.5 0 0 1 3.5 6" /></>);
export const IconPlug = icon('Plug', <><path d="M9 3v5M15 3v5" /><path d="M6 8h12v3a6 6 0 0 1-12 0z" /><path d="M12 17v4" /></>);
export const IconPlus = icon('Plus', <path d="M12 5v14M5 12h14" />);
export const IconTrash = icon('Trash', <><path d="M4 7h16M10 11v6M14 11v6" /><path d="M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12M9 7V4h6v3" /></>);
export const IconRefresh = icon('Refresh', <><path d="M20 11a8 8 0 0 0-14.9-3M4 5v3h3" /><path d="M4 13a8 8 0 0 0 14.9 3M20 19v-3h-3" /></>);
export const IconPlay = icon('Play', <path d="M7 4v16l13-8z" />);
export const IconStop = icon('Stop', <rect x="6" y="6" width="12" height="12" rx="1" />);
export const IconPause = icon('Pause', <><rect x="6" y="5" width="4" height="14" rx="1" /><rect x="14" y="5" width="4" height="14" rx="1" /></>);
export const IconBolt = icon('Bolt', <path d="M13 3L4 14h7l-1 7 9-11h-7z" />);
export const IconArrowLeft = icon('ArrowLeft', <path d="M19 12H5M11 6l-6 6 6 6" />);
export const IconSearch = icon('Search', <><circle cx="10" cy="10" r="7" /><path d="M21 21l-6-6" /></>);
export const IconAlert = icon('Alert', <><path d="M12 9v4M12 17h.01" /><path d="M10.3 3.9L2.4 17.5A2 2 0 0 0 4.1 20.5h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" /></>);
export const IconCrown = icon('Crown', <path d="M4 8l4 4 4-6 4 6 4-4-2 10H6z" />);
export const IconChevronUp = icon('ChevronUp', <path d="M6 15l6-6 6 6" />);
export const IconChevronDown = icon('ChevronDown', <path d="M6 9l6 6 6-6" />);
export const IconSelector = icon('Selector', <path d="M8 9l4-4 4 4M16 15l-4 4-4-4" />);
export const IconPencil = icon('Pencil', <><path d="M4 20h4L18.5 9.5a2.8 2.8 0 0 0-4-4L4 16z" /><path d="M13.5 6.5l4 4" /></>);
export const IconRotate = icon('Rotate', <><path d="M19.95 11a8 8 0 1 0-.5 4" /><path d="M20 4v7h-7" /></>);
