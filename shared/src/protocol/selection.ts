/**
 * How much of a person's selection their presence shares. Everyone's page outlines what the others
 * have selected, one subscription per id, so a shared selection is bounded: the first
 * MAX_SHARED_SELECTION ids (a select-all of a big board outlines its first ones), each a real item
 * id in length. The client shares no more; the server cuts what a stock or hostile client sends
 * beyond it, and pages read at most that many.
 */
export const MAX_SHARED_SELECTION = 100;

/** Longest id a shared selection keeps (item ids are at most 64 characters in the schema). */
const MAX_SELECTED_ID_CHARS = 64;

function isSelectedId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_SELECTED_ID_CHARS;
}

/** `selection` when it is within bounds, else its first MAX_SHARED_SELECTION item ids. */
export function boundedSelection(selection: unknown): string[] {
  if (!Array.isArray(selection)) return [];
  if (selection.length <= MAX_SHARED_SELECTION && selection.every(isSelectedId)) {
    return selection as string[];
  }
  const kept: string[] = [];
  for (const id of selection) {
    if (kept.length === MAX_SHARED_SELECTION) break;
    if (isSelectedId(id)) kept.push(id);
  }
  return kept;
}
