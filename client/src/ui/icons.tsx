/** Line icons for the toolbars, 22px, drawn in currentColor. */
const common = {
  width: 22,
  height: 22,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.7,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
};

export const Icons = {
  comment: () => (
    <svg {...common}>
      <path d="M4 5.5A1.5 1.5 0 015.5 4h13A1.5 1.5 0 0120 5.5v9a1.5 1.5 0 01-1.5 1.5H9l-5 4z" />
    </svg>
  ),
  select: () => (
    <svg {...common}>
      <path d="M5 3.5l13 6.2-5.6 1.7-2.3 5.4z" />
    </svg>
  ),
  hand: () => (
    <svg {...common}>
      <path d="M8 12V5.5a1.5 1.5 0 013 0V11m0-5.5a1.5 1.5 0 013 0V11m0-4a1.5 1.5 0 013 0v7a6 6 0 01-6 6h-.6a6 6 0 01-4.6-2.2L4.3 14a1.5 1.5 0 012.3-1.9L8 13.6" />
    </svg>
  ),
  sticky: () => (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M4 5a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v10l-5 5H5a1 1 0 0 1-1-1z" fill="#fde68a" />
      <path
        d="M4 5a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v10l-5 5H5a1 1 0 0 1-1-1zM20 15h-4a1 1 0 0 0-1 1v4"
        fill="none"
        stroke="#92400e"
        strokeWidth="1.6"
        strokeLinejoin="round"
      />
    </svg>
  ),
  text: () => (
    <svg {...common}>
      <path d="M5 6V4.5h14V6M12 4.5v15M9 19.5h6" />
    </svg>
  ),
  rect: () => (
    <svg {...common}>
      <rect x="4" y="5.5" width="16" height="13" rx="2" />
    </svg>
  ),
  ellipse: () => (
    <svg {...common}>
      <ellipse cx="12" cy="12" rx="8.5" ry="6.5" />
    </svg>
  ),
  diamond: () => (
    <svg {...common}>
      <path d="M12 3.5l8.5 8.5-8.5 8.5L3.5 12z" />
    </svg>
  ),
  connector: () => (
    <svg {...common}>
      <path d="M5 19L19 5M11 5h8v8" />
    </svg>
  ),
  frame: () => (
    <svg {...common}>
      <path d="M7 3v18M17 3v18M3 7h18M3 17h18" />
    </svg>
  ),
  pen: () => (
    <svg {...common}>
      <path d="M4 20l1-4L16.5 4.5a2.1 2.1 0 013 3L8 19zM14.5 6.5l3 3" />
    </svg>
  ),
  undo: () => (
    <svg {...common}>
      <path d="M9 14L4 9l5-5M4 9h10.5a5.5 5.5 0 010 11H11" />
    </svg>
  ),
  redo: () => (
    <svg {...common}>
      <path d="M15 14l5-5-5-5M20 9H9.5a5.5 5.5 0 000 11H13" />
    </svg>
  ),
  trash: () => (
    <svg {...common} width={18} height={18}>
      <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />
    </svg>
  ),
  duplicate: () => (
    <svg {...common} width={18} height={18}>
      <rect x="8" y="8" width="12" height="12" rx="2" />
      <path d="M16 8V6a2 2 0 00-2-2H6a2 2 0 00-2 2v8a2 2 0 002 2h2" />
    </svg>
  ),
  forward: () => (
    <svg {...common} width={18} height={18}>
      <rect x="9" y="9" width="11" height="11" rx="2" fill="currentColor" fillOpacity="0.25" />
      <path d="M15 9V6a2 2 0 00-2-2H6a2 2 0 00-2 2v7a2 2 0 002 2h3" />
    </svg>
  ),
  backward: () => (
    <svg {...common} width={18} height={18}>
      <rect x="4" y="4" width="11" height="11" rx="2" fill="currentColor" fillOpacity="0.25" />
      <path d="M15 9h3a2 2 0 012 2v7a2 2 0 01-2 2h-7a2 2 0 01-2-2v-3" />
    </svg>
  ),
  download: () => (
    <svg {...common} width={18} height={18}>
      <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
    </svg>
  ),
  fit: () => (
    <svg {...common} width={18} height={18}>
      <path d="M4 9V5a1 1 0 011-1h4M15 4h4a1 1 0 011 1v4M20 15v4a1 1 0 01-1 1h-4M9 20H5a1 1 0 01-1-1v-4" />
    </svg>
  ),
  elbow: () => (
    <svg {...common} width={18} height={18}>
      <path d="M4 6h8v12h8" />
    </svg>
  ),
  straight: () => (
    <svg {...common} width={18} height={18}>
      <path d="M4 19L20 5" />
    </svg>
  ),
  arrowEnd: () => (
    <svg {...common} width={18} height={18}>
      <path d="M4 12h15M14 7l5 5-5 5" />
    </svg>
  ),
};
