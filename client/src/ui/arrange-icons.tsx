import type { AlignOp, DistributeAxis } from '@weboard/shared';

/*
 * Icons for align and distribute: a guide line and two bars placed against it, as every
 * drawing tool shows them. Drawn in currentColor, 20px.
 */
const svg = (children: React.ReactNode) => (
  <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" fill="currentColor">
    {children}
  </svg>
);
const guide = (x1: number, y1: number, x2: number, y2: number) => (
  <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="currentColor" strokeWidth="1.5" />
);

/** The icon of one align operation. */
export function alignIcon(op: AlignOp) {
  switch (op) {
    case 'left':
      return svg([
        guide(3, 2, 3, 18),
        <rect key="a" x="5" y="4" width="11" height="4" rx="1" />,
        <rect key="b" x="5" y="11" width="7" height="4" rx="1" />,
      ]);
    case 'center':
      return svg([
        guide(10, 2, 10, 18),
        <rect key="a" x="4" y="4" width="12" height="4" rx="1" />,
        <rect key="b" x="6" y="11" width="8" height="4" rx="1" />,
      ]);
    case 'right':
      return svg([
        guide(17, 2, 17, 18),
        <rect key="a" x="4" y="4" width="11" height="4" rx="1" />,
        <rect key="b" x="8" y="11" width="7" height="4" rx="1" />,
      ]);
    case 'top':
      return svg([
        guide(2, 3, 18, 3),
        <rect key="a" x="4" y="5" width="4" height="11" rx="1" />,
        <rect key="b" x="11" y="5" width="4" height="7" rx="1" />,
      ]);
    case 'middle':
      return svg([
        guide(2, 10, 18, 10),
        <rect key="a" x="4" y="4" width="4" height="12" rx="1" />,
        <rect key="b" x="11" y="6" width="4" height="8" rx="1" />,
      ]);
    case 'bottom':
      return svg([
        guide(2, 17, 18, 17),
        <rect key="a" x="4" y="4" width="4" height="11" rx="1" />,
        <rect key="b" x="11" y="8" width="4" height="7" rx="1" />,
      ]);
  }
}

/** The icon of distributing along an axis. */
export function distributeIcon(axis: DistributeAxis) {
  return axis === 'horizontal'
    ? svg([
        guide(2, 2, 2, 18),
        guide(18, 2, 18, 18),
        <rect key="a" x="8" y="5" width="4" height="10" rx="1" />,
      ])
    : svg([
        guide(2, 2, 18, 2),
        guide(2, 18, 18, 18),
        <rect key="a" x="5" y="8" width="10" height="4" rx="1" />,
      ]);
}
