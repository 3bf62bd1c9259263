import { z } from 'zod';
import { baseItemShape } from './common';
import { inkColorValidator } from './ink';
import { strokeWidthValidator } from './shape';

export const CONNECTOR_TYPE = 'connector' as const;

/**
 * One end of a connector. `itemId` attaches the end to an item (the renderer follows the item as it
 * moves); null leaves it at a free point. `x`/`y` are board coordinates: the free point, or the
 * last known attachment point, used when the attached item is gone.
 */
export const connectorEndpointValidator = z.object({
  itemId: z.string().min(1).max(64).nullable(),
  x: z.number().finite(),
  y: z.number().finite(),
});
export type ConnectorEndpoint = z.infer<typeof connectorEndpointValidator>;

export const CONNECTOR_ROUTINGS = ['straight', 'elbow'] as const;
export type ConnectorRouting = (typeof CONNECTOR_ROUTINGS)[number];

export const ARROWHEADS = ['none', 'arrow'] as const;
export type Arrowhead = (typeof ARROWHEADS)[number];

/**
 * `line`: a plain drawn connection. `depends-on`: a planning dependency — a depends-on connector
 * from A to B means A depends on B (B must be done first).
 */
export const CONNECTOR_KINDS = ['line', 'depends-on'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

export const connectorValidator = z.object({
  ...baseItemShape,
  type: z.literal(CONNECTOR_TYPE),
  kind: z.enum(CONNECTOR_KINDS),
  from: connectorEndpointValidator,
  to: connectorEndpointValidator,
  routing: z.enum(CONNECTOR_ROUTINGS),
  label: z.string().max(1_000),
  arrowheads: z.object({ start: z.enum(ARROWHEADS), end: z.enum(ARROWHEADS) }),
  color: inkColorValidator,
  strokeWidth: strokeWidthValidator,
});

/**
 * A line or arrow between two items or points. Its x/y/w/h are the bounding box of the two ends,
 * kept for culling and selection; the ends are the truth.
 */
export type ConnectorItem = z.infer<typeof connectorValidator>;

/** Defaults for a new connector, apart from identity and the two ends. */
export const connectorDefaults = {
  rotation: 0,
  kind: 'line',
  routing: 'straight',
  label: '',
  arrowheads: { start: 'none', end: 'arrow' },
  color: 'black',
  strokeWidth: 2,
} as const satisfies Partial<ConnectorItem>;

export function isConnector(item: { type: string }): item is ConnectorItem {
  return item.type === CONNECTOR_TYPE;
}

/** True for a connector that records a planning dependency (from depends on to). */
export function isDependencyConnector(item: {
  type: string;
  kind?: unknown;
}): item is ConnectorItem {
  return item.type === CONNECTOR_TYPE && item.kind === 'depends-on';
}

/** The bounding box of two endpoints; at least one unit wide and high so it validates. */
export function connectorBounds(from: ConnectorEndpoint, to: ConnectorEndpoint) {
  return {
    x: Math.min(from.x, to.x),
    y: Math.min(from.y, to.y),
    w: Math.max(1, Math.abs(to.x - from.x)),
    h: Math.max(1, Math.abs(to.y - from.y)),
  };
}

/** A new connector with defaults filled in; its bounds always follow from its ends. */
export function makeConnector(
  fields: Pick<ConnectorItem, 'id' | 'z' | 'createdBy' | 'from' | 'to'> & Partial<ConnectorItem>,
  now: number = Date.now(),
): ConnectorItem {
  return {
    ...connectorDefaults,
    arrowheads: { ...connectorDefaults.arrowheads },
    createdAt: now,
    ...fields,
    ...connectorBounds(fields.from, fields.to),
    type: CONNECTOR_TYPE,
  };
}
