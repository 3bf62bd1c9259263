/** The WeBoard mark: two stacked sticky notes. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <rect x="5" y="6" width="22" height="22" rx="5" fill="#c4b5fd" />
      <rect x="3" y="3" width="22" height="22" rx="5" fill="#fde68a" />
      <path d="M8 10h12M8 14.5h9M8 19h6" stroke="#92400e" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
