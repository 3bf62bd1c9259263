import { isFrame } from '@weboard/shared';
import type { FrameItem } from '@weboard/shared';
import { jsPDF } from 'jspdf';
import { exportPng } from '../canvas/export';
import type { BoardEditor } from '../editor/editor';

/** Margin exportPng leaves around the content, in board units (kept in step with export.ts). */
const EXPORT_MARGIN = 32;
/** Longest side of a PDF page in points (A3-ish); images are scaled to fit. */
const MAX_PAGE_PT = 1190;

function loadImage(blob: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = reject;
    image.src = URL.createObjectURL(blob);
  });
}

function addPage(pdf: jsPDF | null, canvas: HTMLCanvasElement, first: boolean): jsPDF {
  const fit = Math.min(1, MAX_PAGE_PT / Math.max(canvas.width, canvas.height));
  const w = canvas.width * fit;
  const h = canvas.height * fit;
  const orientation = w >= h ? 'landscape' : 'portrait';
  const doc = pdf ?? new jsPDF({ orientation, unit: 'pt', format: [w, h] });
  if (!first) doc.addPage([w, h], orientation);
  doc.addImage(canvas.toDataURL('image/png'), 'PNG', 0, 0, w, h);
  return doc;
}

/**
 * Exports the board as a PDF: one page with everything, or one page per frame (frames in reading
 * order, top to bottom then left to right). Rendered in the browser from the same image as the PNG
 * export; returns null when the board is empty.
 */
export async function exportPdf(editor: BoardEditor, perFrame: boolean): Promise<Blob | null> {
  const content = editor.contentBox(false);
  const png = await exportPng(editor, false);
  if (!content || !png) return null;
  const image = await loadImage(png);
  const unit = image.width / (content.w + 2 * EXPORT_MARGIN);
  const originX = content.x - EXPORT_MARGIN;
  const originY = content.y - EXPORT_MARGIN;
  const frames = perFrame
    ? (editor.items.get().filter(isFrame) as FrameItem[]).sort((a, b) => a.y - b.y || a.x - b.x)
    : [];
  const regions =
    frames.length > 0
      ? frames.map((f) => ({ x: f.x, y: f.y, w: f.w, h: f.h }))
      : [{ x: originX, y: originY, w: image.width / unit, h: image.height / unit }];
  let pdf: jsPDF | null = null;
  regions.forEach((region, index) => {
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(region.w * unit));
    canvas.height = Math.max(1, Math.round(region.h * unit));
    canvas
      .getContext('2d')!
      .drawImage(
        image,
        (region.x - originX) * unit,
        (region.y - originY) * unit,
        canvas.width,
        canvas.height,
        0,
        0,
        canvas.width,
        canvas.height,
      );
    pdf = addPage(pdf, canvas, index === 0);
  });
  URL.revokeObjectURL(image.src);
  return pdf ? (pdf as jsPDF).output('blob') : null;
}
