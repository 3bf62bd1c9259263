import type { Lane } from '../schema/team';
import { agreementHealth } from './agreements';
import type { Agreement, AgreementReason } from './agreements';
import { sortLanes } from '../schema/team';
import type { IndexKey } from './rank';
import { compareRanked, moveBefore } from './rank-ops';
import type { Rankable } from './rank-ops';

/** One dependency: `fromItemId` depends on `toItemId` (the latter must be done first). */
export interface DependencyEdge {
  /** Id of the depends-on connector that records the dependency. */
  id: string;
  fromItemId: string;
  toItemId: string;
}

/** The fields of a connector that matter for dependencies (a full ConnectorItem fits). */
export interface ConnectorLike {
  id: string;
  type: string;
  kind?: string;
  from: { itemId: string | null };
  to: { itemId: string | null };
}

/** A backlog item as the dependency checks see it. */
export interface PlannedItem extends Rankable {
  laneId?: string | null | undefined;
}

function isDependsOnConnector(item: { type: string }): item is ConnectorLike {
  const c = item as Partial<ConnectorLike>;
  return c.type === 'connector' && c.kind === 'depends-on' && !!c.from && !!c.to;
}

/**
 * Dependency edges from the board's depends-on connectors (any items may be passed; the rest are
 * skipped, as are connectors with an end not attached to an item).
 */
export function dependencyEdges(items: Iterable<{ id: string; type: string }>): DependencyEdge[] {
  const edges: DependencyEdge[] = [];
  for (const c of items) {
    if (!isDependsOnConnector(c)) continue;
    if (c.from.itemId === null || c.to.itemId === null) continue;
    edges.push({ id: c.id, fromItemId: c.from.itemId, toItemId: c.to.itemId });
  }
  return edges;
}

/** Adjacency both ways: what each item depends on, and what depends on it. */
export interface DependencyGraph {
  dependsOn: Map<string, string[]>;
  dependents: Map<string, string[]>;
}

/** Builds the dependency graph; duplicate edges between the same two items count once. */
export function buildDependencyGraph(edges: readonly DependencyEdge[]): DependencyGraph {
  const dependsOn = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (!list) map.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  };
  for (const e of edges) {
    add(dependsOn, e.fromItemId, e.toItemId);
    add(dependents, e.toItemId, e.fromItemId);
  }
  return { dependsOn, dependents };
}

export const DEPENDENCY_HEALTHS = ['green', 'amber', 'red'] as const;
export type DependencyHealth = (typeof DEPENDENCY_HEALTHS)[number];

/** Why a dependency has the health it has, for tooltips and the CSV `health` column. */
export type DependencyHealthReason =
  | 'dependency-in-later-lane'
  | 'dependency-unplanned'
  | 'dependency-unranked'
  | 'dependency-ranked-below'
  | Exclude<AgreementReason, 'agreement-ok'>
  | 'ok';

/** Lane positions by id, in board order; lanes with an unknown id count as unset. */
function laneIndex(lanes: readonly Lane[]): Map<string, number> {
  return new Map(sortLanes(lanes).map((lane, i) => [lane.id, i]));
}

/**
 * Health of one dependency (`dependent` depends on `dependency`), with the reason:
 * - red, `dependency-in-later-lane`: the dependency is planned in a later lane than the dependent;
 * - red, `dependency-unplanned`: the dependent is in a lane but the dependency is in none;
 * - red, `dependency-unranked`: the dependent is ranked but the dependency is not;
 * - amber, `dependency-ranked-below`: both are in the same lane (or both in no lane — then the
 *   whole board is one lane) and the dependency is ranked below the dependent;
 * - green otherwise, e.g. the dependency is in an earlier lane, or the dependent is not in a lane.
 * A lane id that is not among `lanes` counts as no lane.
 */
export function assessDependency(
  dependent: PlannedItem,
  dependency: PlannedItem,
  lanes: readonly Lane[],
  agreement?: Agreement | null,
): { health: DependencyHealth; reason: DependencyHealthReason } {
  const plan = assessPlan(dependent, dependency, lanes);
  const agreed = agreementHealth(agreement, dependent.laneId, laneIndex(lanes));
  if (!agreed || agreed.reason === 'agreement-ok' || plan.health === 'red') return plan;
  if (plan.health === 'amber' && agreed.health === 'amber') return plan;
  return { health: agreed.health, reason: agreed.reason };
}

/**
 * The plan's side of a dependency's health; {@link assessDependency} adds the agreement's: an
 * unanswered request is amber, a declined one or a promise for a later iteration than the need is
 * red; the worse of the two counts (the plan's reason first when they tie).
 */
function assessPlan(
  dependent: PlannedItem,
  dependency: PlannedItem,
  lanes: readonly Lane[],
): { health: DependencyHealth; reason: DependencyHealthReason } {
  const index = laneIndex(lanes);
  const dependentLane = dependent.laneId ? index.get(dependent.laneId) : undefined;
  const dependencyLane = dependency.laneId ? index.get(dependency.laneId) : undefined;
  if (dependentLane !== undefined && dependencyLane !== undefined && dependencyLane > dependentLane)
    return { health: 'red', reason: 'dependency-in-later-lane' };
  if (dependentLane !== undefined && dependencyLane === undefined)
    return { health: 'red', reason: 'dependency-unplanned' };
  if (dependent.rank && !dependency.rank) return { health: 'red', reason: 'dependency-unranked' };
  if (
    dependentLane === dependencyLane &&
    dependent.rank &&
    dependency.rank &&
    compareRanked(dependency, dependent) > 0
  )
    return { health: 'amber', reason: 'dependency-ranked-below' };
  return { health: 'green', reason: 'ok' };
}

/** Red, amber or green for one dependency; see {@link assessDependency} for the rules. */
export function dependencyHealth(
  dependent: PlannedItem,
  dependency: PlannedItem,
  lanes: readonly Lane[],
  agreement?: Agreement | null,
): DependencyHealth {
  return assessDependency(dependent, dependency, lanes, agreement).health;
}

/** The worse of two healths (red > amber > green). */
export function worseHealth(a: DependencyHealth, b: DependencyHealth): DependencyHealth {
  return DEPENDENCY_HEALTHS.indexOf(a) >= DEPENDENCY_HEALTHS.indexOf(b) ? a : b;
}

/** Health of every edge whose two items exist, keyed by edge id. */
export function edgeHealths(
  items: readonly PlannedItem[],
  edges: readonly DependencyEdge[],
  lanes: readonly Lane[],
): Map<string, DependencyHealth> {
  const byId = new Map(items.map((item) => [item.id, item]));
  const result = new Map<string, DependencyHealth>();
  for (const e of edges) {
    const dependent = byId.get(e.fromItemId);
    const dependency = byId.get(e.toItemId);
    if (dependent && dependency) result.set(e.id, dependencyHealth(dependent, dependency, lanes));
  }
  return result;
}

/** Strongly connected components (Tarjan, iterative so long chains cannot overflow the stack). */
function stronglyConnected(nodes: readonly string[], next: (node: string) => readonly string[]) {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out = next(frame.node);
      if (frame.edge < out.length) {
        const w = out[frame.edge++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, edge: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

function sortedNodes(graph: DependencyGraph): string[] {
  const nodes = new Set<string>([...graph.dependsOn.keys(), ...graph.dependents.keys()]);
  return [...nodes].sort();
}

/** Every item that lies on some dependency cycle (including an item that depends on itself). */
export function itemsInCycles(edges: readonly DependencyEdge[]): Set<string> {
  const graph = buildDependencyGraph(edges);
  const next = (n: string) => graph.dependsOn.get(n) ?? [];
  const result = new Set<string>();
  for (const component of stronglyConnected(sortedNodes(graph), next)) {
    if (component.length > 1 || next(component[0]!).includes(component[0]!))
      for (const id of component) result.add(id);
  }
  return result;
}

/**
 * The elementary dependency cycles (Johnson's algorithm), each as item ids in dependency order
 * starting from its smallest id: [a, b, c] means a depends on b, b on c, c on a. A dense tangle can
 * hold exponentially many cycles, so at most `limit` are returned; {@link itemsInCycles} is exact
 * regardless.
 */
export function findCycles(edges: readonly DependencyEdge[], limit = 100): string[][] {
  const graph = buildDependencyGraph(edges);
  const nodes = sortedNodes(graph);
  const cycles: string[][] = [];
  for (let s = 0; s < nodes.length && cycles.length < limit; s++) {
    const start = nodes[s]!;
    // Johnson: look for cycles through `start` among nodes not below it, inside its component.
    const allowed = new Set(nodes.slice(s));
    const next = (n: string) => (graph.dependsOn.get(n) ?? []).filter((w) => allowed.has(w));
    const component = stronglyConnected([start], next).find((c) => c.includes(start))!;
    const inComponent = new Set(component);
    const out = (n: string) => next(n).filter((w) => inComponent.has(w));
    if (component.length === 1 && !out(start).includes(start)) continue;

    const blocked = new Set<string>();
    const blockedBy = new Map<string, Set<string>>();
    const path: string[] = [];
    const unblock = (u: string) => {
      const pending = [u];
      while (pending.length > 0) {
        const v = pending.pop()!;
        if (!blocked.delete(v)) continue;
        const waiting = blockedBy.get(v);
        if (waiting) {
          blockedBy.delete(v);
          pending.push(...waiting);
        }
      }
    };
    const circuit = (v: string): boolean => {
      let found = false;
      path.push(v);
      blocked.add(v);
      for (const w of out(v)) {
        if (cycles.length >= limit) break;
        if (w === start) {
          cycles.push([...path]);
          found = true;
        } else if (!blocked.has(w) && circuit(w)) {
          found = true;
        }
      }
      if (found) unblock(v);
      else
        for (const w of out(v)) {
          const set = blockedBy.get(w) ?? new Set<string>();
          set.add(v);
          blockedBy.set(w, set);
        }
      path.pop();
      return found;
    };
    circuit(start);
  }
  return cycles;
}

/** A dependent ranked above (before) something it depends on. */
export interface RankConflict {
  edgeId: string;
  dependentId: string;
  dependencyId: string;
}

/**
 * Dependencies whose order in the ranked backlog is backwards: the dependent is ranked and its
 * dependency comes later (ranked below it, or unranked). Self-dependencies and edges to missing
 * items are not conflicts.
 */
export function rankConflicts(
  items: readonly Rankable[],
  edges: readonly DependencyEdge[],
): RankConflict[] {
  // Most boards have no dependency: no map of every card (10,000 at a time when a board arrives).
  if (edges.length === 0) return [];
  const byId = new Map(items.map((item) => [item.id, item]));
  const conflicts: RankConflict[] = [];
  for (const e of edges) {
    if (e.fromItemId === e.toItemId) continue;
    const dependent = byId.get(e.fromItemId);
    const dependency = byId.get(e.toItemId);
    if (!dependent?.rank || !dependency) continue;
    if (compareRanked(dependency, dependent) > 0)
      conflicts.push({ edgeId: e.id, dependentId: dependent.id, dependencyId: dependency.id });
  }
  return conflicts;
}

/**
 * Fixes a rank conflict by moving the dependency just above its dependent: the new rank key for
 * the dependency, or null when the dependent is no longer in `items`. (This can create a conflict
 * with the dependency's own dependencies; re-run {@link rankConflicts} afterwards.)
 */
export function fixConflictMoveDependencyAbove(
  items: readonly Rankable[],
  conflict: Pick<RankConflict, 'dependentId' | 'dependencyId'>,
): IndexKey | null {
  return moveBefore(items, conflict.dependencyId, conflict.dependentId);
}
