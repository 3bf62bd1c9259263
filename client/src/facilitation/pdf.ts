import { isFrame } from '@weboard/shared';
import type { FrameItem } from '@weboard/shared';
import { jsPDF } from 'jspdf';
import { exportPng } from '../canvas/export';
import type { BoardEditor } from '../editor/editor';

/** Margin exportPng leaves around the content, in board units (kept in step with export.ts). */
const EXPORT_MARGIN = 32;
/** Longest side of a PDF page in points (A3-ish); images are scaled to fit. */
const MAX_PAGE_PT = 1190;
/** Image pixels per point: 2 is 144 DPI, sharp on screen and paper at a fraction of the bytes. */
const PIXELS_PER_PT = 2;
/** JPEG quality of the page images (the board is flat colours and text: 0.8 shows no artefacts). */
const JPEG_QUALITY = 0.8;
/** Room above a frame for its title, which is drawn outside the frame (see FrameNode). */
const FRAME_TITLE_ROOM = 40;

function loadImage(blob: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = reject;
    image.src = URL.createObjectURL(blob);
  });
}

/**
 * Adds a page showing `canvas`. The page is at most MAX_PAGE_PT on its longest side and the image
 * at most PIXELS_PER_PT pixels per point, stored as JPEG: a PNG of a whole board at full
 * resolution made a 20-card board's PDF 25 MB.
 */
function addPage(pdf: jsPDF | null, canvas: HTMLCanvasElement, first: boolean): jsPDF {
  const fit = Math.min(1, MAX_PAGE_PT / Math.max(canvas.width, canvas.height));
  const w = canvas.width * fit;
  const h = canvas.height * fit;
  const orientation = w >= h ? 'landscape' : 'portrait';
  const doc = pdf ?? new jsPDF({ orientation, unit: 'pt', format: [w, h], compress: true });
  if (!first) doc.addPage([w, h], orientation);
  const scale = Math.min(1, (w * PIXELS_PER_PT) / canvas.width);
  const image = document.createElement('canvas');
  image.width = Math.max(1, Math.round(canvas.width * scale));
  image.height = Math.max(1, Math.round(canvas.height * scale));
  const context = image.getContext('2d')!;
  // JPEG has no transparency: what is not drawn is the board's white.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(canvas, 0, 0, image.width, image.height);
  doc.addImage(image.toDataURL('image/jpeg', JPEG_QUALITY), 'JPEG', 0, 0, w, h);
  return doc;
}

/** Whether frame `inner` lies inside frame `outer` (a cell inside a team's swimlane). */
function inside(inner: FrameItem, outer: FrameItem): boolean {
  return (
    inner !== outer &&
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

/**
 * Exports the board as a PDF: one page with everything, or one page per outermost frame (frames
 * in reading order, top to bottom then left to right; a frame inside another, such as a team's
 * cell in its swimlane, is on its container's page, not on a page of its own), each with its
 * title. Rendered in the browser from the same image as the PNG export; returns null when the
 * board is empty.
 */
export async function exportPdf(editor: BoardEditor, perFrame: boolean): Promise<Blob | null> {
  const content = editor.contentBox(false);
  const png = await exportPng(editor, false);
  if (!content || !png) return null;
  const image = await loadImage(png);
  const unit = image.width / (content.w + 2 * EXPORT_MARGIN);
  const originX = content.x - EXPORT_MARGIN;
  const originY = content.y - EXPORT_MARGIN;
  const allFrames = perFrame ? (editor.items.get().filter(isFrame) as FrameItem[]) : [];
  const frames = allFrames
    .filter((frame) => !allFrames.some((outer) => inside(frame, outer)))
    .sort((a, b) => a.y - b.y || a.x - b.x);
  const regions =
    frames.length > 0
      ? frames.map((f) => {
          // The title sits above the frame; a little room on the other sides keeps the border.
          const top = Math.max(originY, f.y - FRAME_TITLE_ROOM);
          return { x: f.x - 8, y: top, w: f.w + 16, h: f.y + f.h + 8 - top };
        })
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
