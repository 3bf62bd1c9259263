import type { DOMPurify } from 'dompurify';
import type { JSDOM } from 'jsdom';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** An SVG file starts with markup (after an optional byte-order mark and white space). */
const LOOKS_LIKE_MARKUP = /^\uFEFF?\s*</;

interface Sanitizer {
  window: JSDOM['window'];
  purify: DOMPurify;
}

let sanitizer: Promise<Sanitizer> | undefined;

/**
 * One jsdom window and DOMPurify instance for the process, loaded and made on the first SVG (about
 * 1 s), so a server that never sees an SVG never pays for them: jsdom alone is ~20 MB of heap
 * (a third of an idle server's), which every garbage collection would otherwise go through.
 */
function getSanitizer(): Promise<Sanitizer> {
  sanitizer ??= makeSanitizer();
  return sanitizer;
}

async function makeSanitizer(): Promise<Sanitizer> {
  const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([
    import('jsdom'),
    import('dompurify'),
  ]);
  const { window } = new JSDOM('');
  const purify = createDOMPurify(window);
  // External references: a picture on the board shows only what its own file holds. Links to its
  // own parts (`#id`, `url(#id)`) stay; anything else (http, javascript:, data: documents) goes.
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    const value = data.attrValue.trim();
    const name = data.attrName.toLowerCase();
    if ((name === 'href' || name === 'xlink:href' || name === 'src') && !value.startsWith('#'))
      data.keepAttr = false;
    if (/url\s*\(/i.test(value) && !/^url\(\s*['"]?#[^)]*\)$/i.test(value)) data.keepAttr = false;
  });
  return { window, purify };
}

/**
 * The SVG file in `bytes` made safe to show: scripts, event handlers, `<foreignObject>`, style
 * sheets and every reference outside the file removed (DOMPurify's SVG profile on a jsdom XML
 * parse, serialised back as XML). Null when the bytes are not an SVG document.
 */
export async function sanitizeSvg(bytes: Uint8Array): Promise<Uint8Array | null> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  if (!LOOKS_LIKE_MARKUP.test(text)) return null;
  const { window, purify } = await getSanitizer();
  const doc = new window.DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (
    !root ||
    root.localName !== 'svg' ||
    root.namespaceURI !== SVG_NS ||
    doc.getElementsByTagName('parsererror').length > 0
  )
    return null;
  purify.sanitize(root, {
    IN_PLACE: true,
    USE_PROFILES: { svg: true, svgFilters: true },
    // Style sheets can fetch (@import, url()) and hide things; foreignObject embeds HTML.
    FORBID_TAGS: ['style', 'foreignObject'],
  });
  const clean = new window.XMLSerializer().serializeToString(root);
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${clean}`);
}
