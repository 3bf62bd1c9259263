import { INK } from '@weboard/shared';
import type { ConnectorItem } from '@weboard/shared';
import { createContext } from 'react';

/** How a connector is painted. Planning views restyle dependencies by health through the context. */
export interface ConnectorStyle {
  stroke: string;
  strokeWidth: number;
  dash?: number[];
  /** Colour of the label's text and outline. */
  labelColor: string;
}

export type ConnectorStyler = (connector: ConnectorItem) => ConnectorStyle;

/** Plain lines in their ink; dependencies dashed, so they read as "needs" rather than "flows to". */
export const defaultConnectorStyle: ConnectorStyler = (connector) => ({
  stroke: INK[connector.color],
  strokeWidth: connector.strokeWidth,
  dash: connector.kind === 'depends-on' ? [10, 6] : undefined,
  labelColor: INK[connector.color],
});

/**
 * Provide a styler here to paint connectors by kind, health or team without touching the
 * renderer: `<ConnectorStyleContext.Provider value={styler}>`.
 */
export const ConnectorStyleContext = createContext<ConnectorStyler>(defaultConnectorStyle);
