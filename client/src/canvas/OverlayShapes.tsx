import { routeConnector } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import { Ellipse, Line, Rect } from 'react-konva';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import type { Overlay } from '../editor/tools';
import { ConnectorShape } from './items/ConnectorNode';
import { GUIDE_COLOR, SELECTION_COLOR } from './theme';

/** The marquee, snap guides, and the connector or pen stroke being drawn. */
export function OverlayShapes({ editor }: { editor: BoardEditor }) {
  const overlay = useStore(editor.overlay);
  const scale = useStore(editor.viewport).scale;
  const px = 1 / scale;
  const draft = overlay.connectorDraft;
  const targetId = draft?.targetId ?? overlay.attachTarget;
  const target = targetId ? editor.items.byId(targetId) : undefined;
  return (
    <>
      {overlay.marquee && (
        <Rect
          {...{
            x: overlay.marquee.x,
            y: overlay.marquee.y,
            width: overlay.marquee.w,
            height: overlay.marquee.h,
          }}
          fill="rgba(99, 102, 241, 0.08)"
          stroke={SELECTION_COLOR}
          strokeWidth={px}
          listening={false}
        />
      )}
      {overlay.guides.map((guide, i) => (
        <Line
          key={i}
          points={
            guide.axis === 'x'
              ? [guide.at, guide.from, guide.at, guide.to]
              : [guide.from, guide.at, guide.to, guide.at]
          }
          stroke={GUIDE_COLOR}
          strokeWidth={px}
          dash={[4 * px, 3 * px]}
          listening={false}
        />
      ))}
      {target && <TargetOutline item={target} px={px} />}
      {draft && (
        <ConnectorShape
          route={routeConnector(
            {
              routing: 'straight',
              from: draft.from,
              to: { itemId: draft.targetId, x: draft.to.x, y: draft.to.y },
            },
            editor.items.byId,
          )}
          style={{ stroke: SELECTION_COLOR, strokeWidth: 2, labelColor: SELECTION_COLOR }}
          arrowheads={{ start: 'none', end: 'arrow' }}
          label=""
          opacity={0.9}
        />
      )}
      {overlay.boxDraft && <BoxDraft {...overlay.boxDraft} px={px} />}
      {overlay.penDraft && (
        <Line
          points={[...overlay.penDraft]}
          stroke="#1f2937"
          strokeWidth={3}
          lineCap="round"
          lineJoin="round"
          tension={0.35}
          listening={false}
        />
      )}
    </>
  );
}

/** The outline of the shape or frame being dragged out, as it will be made. */
function BoxDraft({ kind, box, px }: NonNullable<Overlay['boxDraft']> & { px: number }) {
  const common = {
    stroke: SELECTION_COLOR,
    strokeWidth: 1.5 * px,
    fill: 'rgba(99, 102, 241, 0.06)',
    listening: false,
  };
  switch (kind) {
    case 'ellipse':
      return (
        <Ellipse
          x={box.x + box.w / 2}
          y={box.y + box.h / 2}
          radiusX={box.w / 2}
          radiusY={box.h / 2}
          {...common}
        />
      );
    case 'diamond':
      return (
        <Line
          points={[
            box.x + box.w / 2,
            box.y,
            box.x + box.w,
            box.y + box.h / 2,
            box.x + box.w / 2,
            box.y + box.h,
            box.x,
            box.y + box.h / 2,
          ]}
          closed
          {...common}
        />
      );
    case 'rect':
    case 'frame':
      return (
        <Rect
          x={box.x}
          y={box.y}
          width={box.w}
          height={box.h}
          dash={kind === 'frame' ? [6 * px, 4 * px] : undefined}
          {...common}
        />
      );
  }
}

function TargetOutline({ item, px }: { item: BoardItem; px: number }) {
  return (
    <Rect
      x={item.x - 4 * px}
      y={item.y - 4 * px}
      width={item.w + 8 * px}
      height={item.h + 8 * px}
      rotation={item.rotation}
      stroke={SELECTION_COLOR}
      strokeWidth={2 * px}
      cornerRadius={8 * px}
      listening={false}
    />
  );
}
