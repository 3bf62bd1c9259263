import { z } from 'zod';
import { connectorValidator } from './connector';
import { frameValidator } from './frame';
import { imageValidator } from './image';
import { penValidator } from './pen';
import { shapeValidator } from './shape';
import { stickyValidator } from './sticky';
import { textValidator } from './text';

/** Every item type the canvas can draw; `itemValidator`/`BoardItem` are aliases of this union. */
export const canvasItemValidator = z.discriminatedUnion('type', [
  stickyValidator,
  textValidator,
  shapeValidator,
  connectorValidator,
  frameValidator,
  penValidator,
  imageValidator,
]);
export type CanvasItem = z.infer<typeof canvasItemValidator>;
export type CanvasItemType = CanvasItem['type'];

/** The item types that may carry planning fields (team, lane, rank, scores…). */
export const CARD_ITEM_TYPES = [
  'sticky',
  'shape',
  'text',
] as const satisfies readonly CanvasItemType[];
export type CardItemType = (typeof CARD_ITEM_TYPES)[number];
