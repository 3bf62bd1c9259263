/*
 * Groups as Excalidraw keeps them: each item lists the groups it belongs to, innermost first
 * (`groupIds`). No group record exists, so a group can never outlive its members or disagree with
 * them, and two people grouping at once each get the group they made. "Entering" a group (a
 * double-click) is a per-person view state: the entered group's id, or null at the board level.
 */

/** What grouping needs of an item. */
export interface Groupable {
  readonly id: string;
  readonly groupIds?: readonly string[] | undefined;
}

/** The most groups one item may be nested in (the schema's limit). */
export const MAX_GROUP_DEPTH = 16;

/**
 * The group a click on `item` acts on when `entered` is the group the person is inside (or null):
 * the outermost group below the entered one; null when the item stands alone at that level.
 */
export function groupAtLevel(item: Groupable, entered: string | null): string | null {
  const ids = item.groupIds ?? [];
  const inside = entered === null ? -1 : ids.indexOf(entered);
  // Not inside the entered group: the click is at the board level.
  const level = inside === -1 ? ids.length : inside;
  return level > 0 ? ids[level - 1]! : null;
}

/** True when the item is a member (at any depth) of the group. */
export function inGroup(item: Groupable, groupId: string): boolean {
  return item.groupIds?.includes(groupId) ?? false;
}

/** Ids of every item in the group, in the order given. */
export function groupMembers(items: Iterable<Groupable>, groupId: string): string[] {
  const ids: string[] = [];
  for (const item of items) if (inGroup(item, groupId)) ids.push(item.id);
  return ids;
}

/** The ids a click on `item` selects: its group at the current level, or the item alone. */
export function clickTargets(
  item: Groupable,
  items: Iterable<Groupable>,
  entered: string | null,
): string[] {
  const group = groupAtLevel(item, entered);
  return group ? groupMembers(items, group) : [item.id];
}

/**
 * A marquee's catch made group-aware: a group at the current level is selected whole when all
 * of its members are caught and not at all otherwise (as in Excalidraw).
 */
export function groupAwareCatch(
  caught: readonly Groupable[],
  items: readonly Groupable[],
  entered: string | null,
): string[] {
  const caughtIds = new Set(caught.map((item) => item.id));
  const result: string[] = [];
  const seen = new Set<string>();
  for (const item of caught) {
    const group = groupAtLevel(item, entered);
    if (!group) {
      if (!seen.has(item.id)) result.push(item.id);
      seen.add(item.id);
      continue;
    }
    if (seen.has(group)) continue;
    seen.add(group);
    const members = groupMembers(items, group);
    if (members.every((id) => caughtIds.has(id))) result.push(...members);
  }
  return result;
}

/**
 * The `groupIds` each selected item gets when the selection becomes one new group: the new id
 * goes outside the groups the item already has below the entered group, so grouping two groups
 * nests them. Returns no patches for fewer than two items, or when an item is already as deep as
 * the schema allows.
 */
export function groupPatches(
  selected: readonly Groupable[],
  newGroupId: string,
  entered: string | null = null,
): [string, string[]][] {
  if (selected.length < 2) return [];
  const patches: [string, string[]][] = [];
  for (const item of selected) {
    const ids = [...(item.groupIds ?? [])];
    if (ids.length >= MAX_GROUP_DEPTH) return [];
    const inside = entered === null ? -1 : ids.indexOf(entered);
    const at = inside === -1 ? ids.length : inside;
    ids.splice(at, 0, newGroupId);
    patches.push([item.id, ids]);
  }
  return patches;
}

/**
 * The `groupIds` each selected item keeps when the groups the selection forms at the current level
 * are dissolved: each item leaves its group at that level; items in no group are untouched.
 */
export function ungroupPatches(
  selected: readonly Groupable[],
  entered: string | null = null,
): [string, string[]][] {
  const patches: [string, string[]][] = [];
  for (const item of selected) {
    const group = groupAtLevel(item, entered);
    if (!group) continue;
    patches.push([item.id, (item.groupIds ?? []).filter((id) => id !== group)]);
  }
  return patches;
}

/** True when the selection is exactly one group at the current level (Ctrl+Shift+G undoes it). */
export function selectionIsOneGroup(
  selected: readonly Groupable[],
  items: readonly Groupable[],
  entered: string | null,
): boolean {
  const first = selected[0];
  if (!first) return false;
  const group = groupAtLevel(first, entered);
  if (!group || !selected.every((item) => groupAtLevel(item, entered) === group)) return false;
  return groupMembers(items, group).length === selected.length;
}
