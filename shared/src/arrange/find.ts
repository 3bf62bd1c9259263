/*
 * Find on the board (Ctrl+F): which items a query matches, in reading order. Matching ignores
 * case and diacritics ("cafe" finds "Café", "ÉQUIPE" finds "équipe"), as people expect of a
 * whiteboard's search.
 */

/** What find reads of an item: whatever text it carries, under the names the schema gives it. */
export interface Findable {
  readonly id: string;
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly text?: string;
  readonly title?: string;
  readonly label?: string;
  readonly sourceKey?: string;
  readonly labels?: readonly string[];
  /** The texts of the comments on it (find looks in those too, and goes to the item). */
  readonly comments?: readonly string[];
}

/** Text folded for matching: decomposed, diacritics dropped, lower case, spaces collapsed. */
export function foldForFind(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/**
 * Everything of an item find looks in: its text, a frame's title, a connector's label, keys, and
 * the comments on it.
 */
export function findableText(item: Findable): string {
  return [
    item.text,
    item.title,
    item.label,
    item.sourceKey,
    ...(item.labels ?? []),
    ...(item.comments ?? []),
  ]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join('\n');
}

/**
 * Ids of the items whose text contains the query, top to bottom then left to right (rows are
 * told apart by `rowTolerance` board units, so a slightly lower note in a row still reads after
 * its left neighbour). An empty or blank query finds nothing.
 */
export function findItems(items: readonly Findable[], query: string, rowTolerance = 40): string[] {
  const needle = foldForFind(query).trim();
  if (needle.length === 0) return [];
  const hits = items.filter((item) => foldForFind(findableText(item)).includes(needle));
  return hits
    .sort((a, b) => {
      const row = Math.round(a.y / rowTolerance) - Math.round(b.y / rowTolerance);
      return row !== 0 ? row : a.x - b.x || a.y - b.y;
    })
    .map((item) => item.id);
}

/** The hit after (step 1) or before (step -1) `current`, wrapping round; null when there are none. */
export function stepHit(count: number, current: number | null, step: 1 | -1): number | null {
  if (count === 0) return null;
  if (current === null) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}

/** Whether a folded query is in the item's own text (not only in the comments on it). */
export function foundInItem(item: Findable, query: string): boolean {
  const needle = foldForFind(query).trim();
  return needle.length > 0 && foldForFind(findableText({ ...item, comments: [] })).includes(needle);
}
