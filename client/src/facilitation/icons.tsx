/** Small line icons of facilitation (no emoji: not every system has an emoji font). */
function icon(size: number, children: React.ReactNode) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

export const FacIcons = {
  lock: (size = 14) =>
    icon(
      size,
      <>
        <rect x="5" y="11" width="14" height="10" rx="2" />
        <path d="M8 11V7a4 4 0 018 0v4" />
      </>,
    ),
  unlock: (size = 14) =>
    icon(
      size,
      <>
        <rect x="5" y="11" width="14" height="10" rx="2" />
        <path d="M8 11V7a4 4 0 017.5-2" />
      </>,
    ),
  bell: (size = 14) =>
    icon(
      size,
      <>
        <path d="M6 16V11a6 6 0 0112 0v5l2 2H4z" />
        <path d="M10 21a2 2 0 004 0" />
      </>,
    ),
  clock: (size = 18) =>
    icon(
      size,
      <>
        <circle cx="12" cy="13" r="8" />
        <path d="M12 9v4l2.5 2M9 2h6" />
      </>,
    ),
  restore: (size = 22) =>
    icon(
      size,
      <>
        <path d="M3 12a9 9 0 109-9 9 9 0 00-6.4 2.6L3 8" />
        <path d="M3 3v5h5" />
      </>,
    ),
};
