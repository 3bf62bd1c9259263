import { z } from 'zod';
import { canvasItemValidator } from './canvas-item';
import type { CanvasItem } from './canvas-item';

export * from './common';
export * from './sticky';
export * from './ink';
export * from './index-key';
export * from './planning-fields';
export * from './team';
export * from './text';
export * from './shape';
export * from './connector';
export * from './frame';
export * from './pen';
export * from './image';
export * from './canvas-item';

/** Every item type a board can hold (the union lives in canvas-item.ts). */
export const itemValidator = canvasItemValidator;
export type BoardItem = CanvasItem;
export type ItemType = BoardItem['type'];

/** Board-level settings kept in `meta`. */
export const boardMetaValidator = z.object({
  schemaVersion: z.number().int().positive(),
  title: z.string().max(200),
});
export type BoardMeta = z.infer<typeof boardMetaValidator>;

/** Validates a board title from user input. */
export const boardTitleValidator = z.string().trim().min(1).max(200);
export * from './capacity';
export * from './agreement';
export * from './reaction';
export * from './comment';
