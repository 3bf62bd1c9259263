import { routeConnector } from '@weboard/shared';
import type { Arrowhead, ConnectorItem, ConnectorRoute } from '@weboard/shared';
import { useContext } from 'react';
import { Arrow, Group, Label, Tag, Text } from 'react-konva';
import type { ItemsStore } from '../../editor/items';
import { measureLabel } from '../text-fit';
import { FONT_FAMILY } from '../theme';
import { ConnectorStyleContext } from './connector-style';
import type { ConnectorStyle } from './connector-style';
import { useItem } from './use-item';

/** A connector on the board: re-routes whenever either attached item changes. */
export function ConnectorNode({
  item,
  items,
  editing,
}: {
  item: ConnectorItem;
  items: ItemsStore;
  editing: boolean;
}) {
  // Subscribing to both ends is what makes the connector follow its items.
  useItem(items, item.from.itemId);
  useItem(items, item.to.itemId);
  const styler = useContext(ConnectorStyleContext);
  const route = routeConnector(item, items.byId);
  return (
    <ConnectorShape
      id={item.id}
      route={route}
      style={styler(item)}
      arrowheads={item.arrowheads}
      label={editing ? '' : item.label}
    />
  );
}

interface ConnectorShapeProps {
  id?: string;
  route: ConnectorRoute;
  style: ConnectorStyle;
  arrowheads: { start: Arrowhead; end: Arrowhead };
  label: string;
  opacity?: number;
}

/** The drawing of a connector, for the board and for the preview while one is being drawn. */
export function ConnectorShape({
  id,
  route,
  style,
  arrowheads,
  label,
  opacity,
}: ConnectorShapeProps) {
  const head = 8 + style.strokeWidth * 2;
  const labelSize = label ? measureLabel(label, 14, 6) : null;
  return (
    <Group id={id} name="item connector" opacity={opacity}>
      <Arrow
        points={route.points.flatMap((p) => [p.x, p.y])}
        stroke={style.stroke}
        fill={style.stroke}
        strokeWidth={style.strokeWidth}
        dash={style.dash}
        pointerLength={head}
        pointerWidth={head}
        pointerAtBeginning={arrowheads.start === 'arrow'}
        pointerAtEnding={arrowheads.end === 'arrow'}
        lineCap="round"
        lineJoin="round"
        perfectDrawEnabled={false}
      />
      {label && (
        <Label
          x={route.labelAt.x}
          y={route.labelAt.y}
          offsetX={labelSize!.w / 2}
          offsetY={labelSize!.h / 2}
        >
          <Tag fill="#ffffff" stroke={style.labelColor} strokeWidth={1} cornerRadius={6} />
          <Text
            text={label}
            fontFamily={FONT_FAMILY}
            fontSize={14}
            fill={style.labelColor}
            padding={6}
          />
        </Label>
      )}
    </Group>
  );
}
