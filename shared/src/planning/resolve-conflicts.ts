import { findCycles, itemsInCycles } from './dependencies';
import type { DependencyEdge } from './dependencies';
import { indicesBetween } from './rank';
import type { IndexKey } from './rank';
import { rankedOrder } from './rank-ops';
import type { Rankable } from './rank-ops';

/*
 * "Resolve all rank conflicts": the smallest reordering of the unified backlog that puts every
 * dependency above what needs it.
 *
 * Which items can stay where they are? A set can stay when no item in it is ranked above something
 * it depends on, directly or through others (transitively: if A needs B and B needs C, A must stay
 * below C). "i is above j and i (transitively) depends on j" is a partial order, so the largest set
 * that can stay is its largest antichain, found through Dilworth/König as n − a maximum bipartite
 * matching. Every other item is moved: just after the last of its prerequisites, or, with none,
 * just above the first item that needs it. Moving them in dependency order keeps the whole list
 * consistent (see the invariant in `placeMoved`). Unranked items that something ranked needs get a
 * rank too (an unranked dependency is a conflict). Dependencies on a cycle cannot all be satisfied:
 * their edges are left out and the cycles are reported.
 */

/** One move of the proposal. */
export interface ResolveMove {
  id: string;
  /** The new rank key. */
  rank: IndexKey;
  /** 1-based place in the backlog before (null: unranked) and after the reordering. */
  from: number | null;
  to: number;
  /** The item it lands just below (null: the top). */
  after: string | null;
  /** The items it is moved below (its prerequisites) or above (what needs it). */
  below: string[];
  above: string[];
}

export interface ResolvePlan {
  /** The moves, in the order of the new backlog. */
  moves: ResolveMove[];
  /** Every new key, including keys given to tied neighbours so the moved items fit between them. */
  ranks: Record<string, IndexKey>;
  /** Dependency cycles (item ids) left unresolved; a cycle has no order that satisfies it. */
  cycles: string[][];
}

/** Maximum bipartite matching of `adjacency` (left i → right j), Kuhn's augmenting paths. */
function maxMatching(n: number, adjacency: readonly number[][]): Int32Array {
  const matchRight = new Int32Array(n).fill(-1);
  let seen = new Uint8Array(n);
  // Depth is bounded by the number of items in dependencies (tens to a few hundred).
  const augment = (left: number): boolean => {
    for (const right of adjacency[left]!) {
      if (seen[right]) continue;
      seen[right] = 1;
      if (matchRight[right] === -1 || augment(matchRight[right]!)) {
        matchRight[right] = left;
        return true;
      }
    }
    return false;
  };
  for (let left = 0; left < n; left++) {
    seen = new Uint8Array(n);
    augment(left);
  }
  return matchRight;
}

/** The largest antichain of the order `before[i]` (the j that i must not stay above). */
function largestAntichain(n: number, before: readonly number[][]): Set<number> {
  const matchRight = maxMatching(n, before);
  const matchLeft = new Int32Array(n).fill(-1);
  for (let right = 0; right < n; right++)
    if (matchRight[right]! !== -1) matchLeft[matchRight[right]!] = right;
  // König: Z = what alternating paths reach from unmatched left vertices.
  const leftZ = new Uint8Array(n);
  const rightZ = new Uint8Array(n);
  const queue: number[] = [];
  for (let i = 0; i < n; i++)
    if (matchLeft[i] === -1) {
      leftZ[i] = 1;
      queue.push(i);
    }
  while (queue.length > 0) {
    const left = queue.shift()!;
    for (const right of before[left]!) {
      if (rightZ[right] || matchLeft[left] === right) continue;
      rightZ[right] = 1;
      const next = matchRight[right]!;
      if (next !== -1 && !leftZ[next]) {
        leftZ[next] = 1;
        queue.push(next);
      }
    }
  }
  // Cover = (L \ Z) ∪ (R ∩ Z); the antichain is what neither copy of which is in the cover.
  const keep = new Set<number>();
  for (let i = 0; i < n; i++) if (leftZ[i] && !rightZ[i]) keep.add(i);
  return keep;
}

/**
 * The smallest set of moves that leaves no rank conflict outside dependency cycles; see the file
 * comment. `items` are the backlog's items (any order); `edges` its dependencies.
 */
export function resolveRankConflicts(
  items: readonly Rankable[],
  edges: readonly DependencyEdge[],
): ResolvePlan {
  const order = rankedOrder(items);
  const position = new Map(order.map((item, i) => [item.id, i]));
  const byId = new Map(order.map((item) => [item.id, item]));
  const cyclic = itemsInCycles(edges);
  const cycles = cyclic.size > 0 ? findCycles(edges, 20) : [];

  // Edges that can be satisfied: both ends on the backlog, not both on cycles (which removes
  // every cycle, so what is left is acyclic).
  const prereqs = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.fromItemId === e.toItemId || !byId.has(e.fromItemId) || !byId.has(e.toItemId)) continue;
    if (cyclic.has(e.fromItemId) && cyclic.has(e.toItemId)) continue;
    const set = prereqs.get(e.fromItemId) ?? new Set<string>();
    set.add(e.toItemId);
    prereqs.set(e.fromItemId, set);
  }
  // What counts: ranked items, and everything a ranked item needs (it must get a rank).
  const relevant = new Set<string>();
  const pending = order.filter((i) => i.rank && prereqs.has(i.id)).map((i) => i.id);
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (relevant.has(id)) continue;
    relevant.add(id);
    for (const p of prereqs.get(id) ?? []) pending.push(p);
  }
  const needs = (id: string) => (relevant.has(id) ? [...(prereqs.get(id) ?? [])] : []);

  // Topological order (prerequisites first; ties by backlog place) and transitive prerequisites.
  const byPlace = (a: string, b: string) => position.get(a)! - position.get(b)!;
  const nodes = [...relevant].sort(byPlace);
  const topo: string[] = [];
  const visited = new Set<string>();
  for (const root of nodes) {
    if (visited.has(root)) continue;
    visited.add(root);
    const stack: { id: string; next: number; out: string[] }[] = [
      { id: root, next: 0, out: needs(root).sort(byPlace) },
    ];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.out.length) {
        const p = top.out[top.next++]!;
        if (!visited.has(p)) {
          visited.add(p);
          stack.push({ id: p, next: 0, out: needs(p).sort(byPlace) });
        }
        continue;
      }
      topo.push(top.id);
      stack.pop();
    }
  }
  const reach = new Map<string, Set<string>>();
  for (const id of topo) {
    const all = new Set<string>();
    for (const p of needs(id)) {
      all.add(p);
      for (const q of reach.get(p)!) all.add(q);
    }
    reach.set(id, all);
  }

  // Ranked items that may stay: the largest antichain of "ranked above something it needs".
  const ranked = nodes.filter((id) => byId.get(id)!.rank);
  const index = new Map(ranked.map((id, i) => [id, i]));
  const before = ranked.map((id) =>
    [...reach.get(id)!]
      .filter((p) => index.has(p) && position.get(p)! > position.get(id)!)
      .map((p) => index.get(p)!),
  );
  const stay = largestAntichain(ranked.length, before);
  const moved = new Set(nodes.filter((id) => !index.has(id) || !stay.has(index.get(id)!)));
  if (moved.size === 0) return { moves: [], ranks: {}, cycles };

  const list = order.filter((i) => i.rank && !moved.has(i.id)).map((i) => i.id);
  placeMoved(
    list,
    topo.filter((id) => moved.has(id)),
    needs,
    reach,
  );
  const ranks = keysFor(list, moved, byId);
  const after = new Map(list.map((id, i) => [id, i]));
  const dependents = (id: string) => nodes.filter((n) => needs(n).includes(id));
  const moves: ResolveMove[] = list
    .filter((id) => moved.has(id))
    .map((id) => {
      const at = after.get(id)!;
      const from = byId.get(id)!.rank ? position.get(id)! + 1 : null;
      return {
        id,
        rank: ranks[id]!,
        from,
        to: at + 1,
        after: at > 0 ? list[at - 1]! : null,
        below: needs(id),
        above: dependents(id),
      };
    });
  return { moves, ranks, cycles };
}

/**
 * Inserts the moved items into `list` (which is consistent: nothing in it is above what it
 * needs). Each goes just after its last prerequisite, or with none just above the first item that
 * transitively needs it. Everything that needs an item also needs its prerequisites, and sits
 * below them in a consistent list, so either place keeps the list consistent; moving in dependency
 * order means every prerequisite is already in the list.
 */
function placeMoved(
  list: string[],
  movedInOrder: readonly string[],
  needs: (id: string) => string[],
  reach: ReadonlyMap<string, Set<string>>,
): void {
  for (const id of movedInOrder) {
    const own = needs(id);
    if (own.length > 0) {
      let last = -1;
      for (let i = 0; i < list.length; i++) if (own.includes(list[i]!)) last = i;
      list.splice(last + 1, 0, id);
    } else {
      let first = list.findIndex((other) => reach.get(other)?.has(id));
      if (first === -1) first = list.length;
      list.splice(first, 0, id);
    }
  }
}

/**
 * Keys for each run of moved items between the stayed items around it. Two stayed neighbours can
 * share a key (after concurrent edits); then no key fits between them, and the lower one is given
 * a fresh key too (it keeps its place).
 */
function keysFor(
  list: readonly string[],
  moved: ReadonlySet<string>,
  byId: ReadonlyMap<string, Rankable>,
): Record<string, IndexKey> {
  const ranks: Record<string, IndexKey> = {};
  let previous: IndexKey | null = null;
  let run: string[] = [];
  const flush = (next: IndexKey | null) => {
    if (run.length === 0) return;
    const keys = indicesBetween(previous, next, run.length);
    run.forEach((id, i) => (ranks[id] = keys[i]!));
    previous = keys[keys.length - 1]!;
    run = [];
  };
  for (const id of list) {
    if (moved.has(id)) {
      run.push(id);
      continue;
    }
    const key = byId.get(id)!.rank!;
    if (previous !== null && key <= previous) {
      run.push(id);
      continue;
    }
    flush(key);
    previous = key;
  }
  flush(null);
  return ranks;
}
