import type * as Y from 'yjs';
import { bindingAt, isBacklogItem, layoutCards } from '../planning/backlog';
import type { CardItem, Rect } from '../planning/backlog';
import {
  mapBacklogHeaders,
  parseCsv,
  rowText,
  validateBacklogRows,
} from '../planning/backlog-file';
import type {
  BacklogCheck,
  BacklogRow,
  BacklogValidationOptions,
  HeaderMapping,
} from '../planning/backlog-file';
import { indicesBetween } from '../planning/rank';
import { teamRanksFor } from '../planning/team-order';
import { COLOR_NAMES } from '../schema/common';
import { makeConnector } from '../schema/connector';
import type { ConnectorItem } from '../schema/connector';
import { isFrame } from '../schema/frame';
import type { FrameItem } from '../schema/frame';
import type { ItemSource } from '../schema/planning-fields';
import { makeSticky, STICKY_SIZE } from '../schema/sticky';
import type { StickyItem } from '../schema/sticky';
import { sortLanes } from '../schema/team';
import type { Lane, Team } from '../schema/team';
import { addItem, newItemId, readItems, topZ, updateItem } from './board-doc';
import type { ItemPatch } from './board-doc';
import { addLane, ensureLanes, readLanes, readTeams, setTeam } from './planning-doc';

/*
 * A backlog file onto a board: check the rows against the board, plan what to create and what to
 * update, then apply the plan in one transaction (the server) or in chunks through the planning
 * actions (the browser). Planning never touches the document.
 */

/** Everything a backlog import needs to know about the board it lands on. */
export function backlogValidationOptions(doc: Y.Doc): BacklogValidationOptions {
  const existingKeys = new Set<string>();
  for (const item of readItems(doc)) {
    existingKeys.add(item.id);
    if (isBacklogItem(item) && item.sourceKey) existingKeys.add(item.sourceKey);
  }
  return { lanes: readLanes(doc), teams: readTeams(doc), existingKeys };
}

/** Maps (unless the caller chose a mapping) and checks parsed records against the board. */
export function checkBacklogRecords(
  doc: Y.Doc,
  records: readonly (readonly string[])[],
  mapping?: HeaderMapping,
): BacklogCheck & { mapping: HeaderMapping } {
  const [headers = [], ...rows] = records;
  const used = mapping ?? mapBacklogHeaders(headers);
  return { mapping: used, ...validateBacklogRows(rows, used, backlogValidationOptions(doc)) };
}

/** Parses CSV text and checks it against the board. */
export function checkBacklogCsv(
  doc: Y.Doc,
  text: string,
): BacklogCheck & { mapping: HeaderMapping } {
  const parsed = parseCsv(text);
  const checked = checkBacklogRecords(doc, parsed.records);
  return {
    ...checked,
    errors: [...parsed.errors, ...checked.errors].sort((a, b) => a.row - b.row),
  };
}

/** What to do with a lane or team name of the file that the board has not got. */
export type UnknownChoice =
  { action: 'create' } | { action: 'map'; id: string } | { action: 'empty' };

/** The choice per unknown name; a name without one is created. */
export interface UnknownChoices {
  lanes?: Readonly<Record<string, UnknownChoice>>;
  teams?: Readonly<Record<string, UnknownChoice>>;
}

export interface ImportPlanOptions {
  /** Where the items came from (the file name, the source board's title). */
  source: Pick<ItemSource, 'kind' | 'name'>;
  /** The team for rows that name none ("this is the Payments backlog"). */
  teamId?: string;
  /** What to do with each unknown lane and team name (created when not said). */
  choices?: UnknownChoices;
  createdBy: string;
  now?: number;
  newId?: () => string;
}

/** What an import does: new lanes and teams, new cards, updated cards, depends-on connectors. */
export interface ImportPlan {
  lanes: { id: string; name: string }[];
  teams: Team[];
  cards: StickyItem[];
  /** Cards already on the board (same source key) that the file updates, with their new fields. */
  updates: [string, ItemPatch][];
  connectors: ConnectorItem[];
}

/**
 * Where a new card goes: its team × lane cell; for a card without a lane its team's first
 * iteration cell (never the swimlane's label column); a lane column without teams; else nowhere
 * (a block to the right of the board).
 */
export function regionFor(
  frames: readonly FrameItem[],
  lanes: readonly Lane[],
  teamId: string | undefined,
  laneId: string | undefined,
): FrameItem | null {
  const cell = (team: string | undefined, lane: string | undefined) =>
    frames.find((f) => f.teamId === team && f.laneId === lane);
  if (teamId && laneId) return cell(teamId, laneId) ?? null;
  if (teamId) {
    for (const lane of sortLanes(lanes)) {
      const first = cell(teamId, lane.id);
      if (first) return first;
    }
    return cell(teamId, undefined) ?? null;
  }
  if (laneId) return cell(undefined, laneId) ?? null;
  return null;
}

/** Resolves the file's team and lane names against the board and the choices. */
function resolver(doc: Y.Doc, options: ImportPlanOptions, newId: () => string) {
  const teams = readTeams(doc);
  const lanes = readLanes(doc);
  const plan = { lanes: [] as { id: string; name: string }[], teams: [] as Team[] };
  const created = new Map<string, string>();
  // Choices are made per name as the preview lists it; rows may spell it in another case.
  const lower = (choices: Readonly<Record<string, UnknownChoice>> = {}) =>
    new Map(Object.entries(choices).map(([name, choice]) => [name.toLowerCase(), choice]));
  const chosen = { lanes: lower(options.choices?.lanes), teams: lower(options.choices?.teams) };
  const teamIds = new Set(teams.map((t) => t.id));
  const laneIds = new Set(lanes.map((l) => l.id));
  const resolve = (
    kind: 'lanes' | 'teams',
    name: string | undefined,
    known: string | undefined,
  ): string | undefined => {
    if (known || !name) return known;
    const choice = chosen[kind].get(name.toLowerCase()) ?? { action: 'create' };
    if (choice.action === 'empty') return undefined;
    if (choice.action === 'map')
      return (kind === 'teams' ? teamIds : laneIds).has(choice.id) ? choice.id : undefined;
    const memo = `${kind}\u0000${name.toLowerCase()}`;
    const id = created.get(memo) ?? newId();
    if (!created.has(memo)) {
      created.set(memo, id);
      if (kind === 'lanes') plan.lanes.push({ id, name });
      else {
        const color = COLOR_NAMES[(teams.length + plan.teams.length) % COLOR_NAMES.length]!;
        plan.teams.push({ id, name, color });
      }
    }
    return id;
  };
  const fallbackTeam = options.teamId && teamIds.has(options.teamId) ? options.teamId : undefined;
  return { plan, lanes, fallbackTeam, resolve };
}

/** The fields a row writes on a card, new or updated (never clearing what the row leaves out). */
function rowFields(row: BacklogRow, base: ItemSource): Partial<StickyItem> {
  const details = row.details ?? {};
  return {
    text: rowText(row).slice(0, 10_000),
    source: { ...base, ...details },
    ...(row.sourceKey ? { sourceKey: row.sourceKey } : {}),
    ...(row.estimate !== undefined ? { estimate: row.estimate } : {}),
    ...(row.labels ? { labels: row.labels } : {}),
    ...(row.wsjf ? { wsjf: row.wsjf } : {}),
    ...(row.rice ? { rice: row.rice } : {}),
  };
}

/**
 * Turns checked rows into a plan. A row whose key matches a card on the board (its source key or
 * id) updates that card in place; the others become new cards in their team × lane cell on a
 * free spot, ranked after the existing backlog in the file's order. Unknown team and lane names
 * are created, mapped or left empty as `choices` say. Dependencies become depends-on connectors
 * (an existing one is not doubled).
 */
export function planBacklogImport(
  doc: Y.Doc,
  rows: readonly BacklogRow[],
  options: ImportPlanOptions,
): ImportPlan {
  const newId = options.newId ?? newItemId;
  const now = options.now ?? Date.now();
  const items = readItems(doc);
  const frames = items.filter(isFrame);
  const cardsOnBoard = items.filter(isBacklogItem);
  const existing = new Map<string, CardItem>();
  for (const card of cardsOnBoard) existing.set(card.id, card);
  for (const card of cardsOnBoard) if (card.sourceKey) existing.set(card.sourceKey, card);
  const { plan, lanes, fallbackTeam, resolve } = resolver(doc, options, newId);
  const source: ItemSource = {
    kind: options.source.kind,
    name: options.source.name.slice(0, 200),
    ...(fallbackTeam ? { teamId: fallbackTeam } : {}),
  };

  const ordered = [...rows].sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) || a.row - b.row,
  );
  const idByKey = new Map<string, string>();
  const updates: [string, ItemPatch][] = [];
  const fresh: { row: BacklogRow; id: string; teamId?: string; laneId?: string }[] = [];
  const teamOrder = new Map<string, string[]>();
  const inTeamOrder = (teamId: string | undefined, id: string) => {
    if (teamId) teamOrder.set(teamId, [...(teamOrder.get(teamId) ?? []), id]);
  };
  for (const row of ordered) {
    const teamId = resolve('teams', row.team, row.teamId) ?? fallbackTeam;
    const laneId = resolve('lanes', row.lane, row.laneId);
    const match = existing.get(row.key);
    if (match && !match.locked) {
      inTeamOrder(teamId ?? match.teamId ?? undefined, match.id);
      idByKey.set(row.key, match.id);
      const patch: Partial<StickyItem> = {
        ...rowFields(row, { ...match.source, ...source }),
        ...(teamId ? { teamId } : {}),
        ...(laneId ? { laneId } : {}),
      };
      updates.push([match.id, patch as ItemPatch]);
    } else if (!match) {
      const id = newId();
      inTeamOrder(teamId, id);
      idByKey.set(row.key, id);
      fresh.push({ row, id, ...(teamId ? { teamId } : {}), ...(laneId ? { laneId } : {}) });
    }
  }

  // Each team's own order is the file's (issue #14): kept as `teamRank` beside the program's rank.
  const teamRanks = new Map<string, string>();
  for (const ids of teamOrder.values()) {
    for (const [id, key] of Object.entries(teamRanksFor(ids))) teamRanks.set(id, key);
  }
  for (const [id, patch] of updates) {
    const teamRank = teamRanks.get(id);
    if (teamRank) (patch as Partial<StickyItem>).teamRank = teamRank;
  }
  const ranks = indicesBetween(highest(cardsOnBoard.map((i) => i.rank)), null, fresh.length);
  const zKeys = indicesBetween(topZ(doc), null, fresh.length * 2 + 1);
  const allLanes = [...lanes, ...plan.lanes.map((l, i) => ({ ...l, order: `~${i}` }))];
  const occupied: Rect[] = items.filter((i) => i.type !== 'frame' && i.type !== 'connector');
  // Cards of one region are laid out together so that they fill it row by row.
  const groups = new Map<string, typeof fresh>();
  for (const draft of fresh) {
    const key = `${draft.teamId ?? ''}\u0000${draft.laneId ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), draft]);
  }
  const positions = new Map<string, { x: number; y: number }>();
  for (const group of groups.values()) {
    const region = regionFor(frames, allLanes, group[0]!.teamId, group[0]!.laneId);
    const size = { w: STICKY_SIZE, h: STICKY_SIZE };
    const spots = layoutCards(occupied, region, group.length, size, [...frames, ...occupied], {
      stackInRegion: region?.laneId !== undefined,
    });
    group.forEach((draft, i) => {
      positions.set(draft.id, spots[i]!);
      occupied.push({ ...spots[i]!, ...size });
    });
  }

  const cards = fresh.map((d, i) => {
    const { x, y } = positions.get(d.id)!;
    // A card placed in a bound frame takes the frame's team and lane unless the row said otherwise.
    const bound = bindingAt(frames, { x, y, w: STICKY_SIZE, h: STICKY_SIZE });
    const teamId = d.teamId ?? bound.teamId;
    const laneId = d.laneId ?? bound.laneId;
    return makeSticky(
      {
        id: d.id,
        x,
        y,
        z: zKeys[i]!,
        createdBy: options.createdBy.slice(0, 200),
        rank: ranks[i]!,
        ...(teamRanks.has(d.id) ? { teamRank: teamRanks.get(d.id)! } : {}),
        ...rowFields(d.row, source),
        ...(teamId ? { teamId } : {}),
        ...(laneId ? { laneId } : {}),
      },
      now,
    );
  });

  const where = new Map<string, { id: string; x: number; y: number; w: number; h: number }>();
  for (const item of cardsOnBoard) where.set(item.id, item);
  for (const card of cards) where.set(card.id, card);
  const linked = new Set(
    items.flatMap((i) =>
      i.type === 'connector' && i.kind === 'depends-on' && i.from.itemId && i.to.itemId
        ? [`${i.from.itemId}\u0000${i.to.itemId}`]
        : [],
    ),
  );
  const connectors: ConnectorItem[] = [];
  let z = fresh.length;
  for (const row of ordered) {
    const fromId = idByKey.get(row.key);
    const from = fromId ? where.get(fromId) : undefined;
    if (!from) continue;
    for (const reference of row.dependsOn) {
      const to = where.get(idByKey.get(reference) ?? existing.get(reference)?.id ?? reference);
      if (!to || to.id === from.id || linked.has(`${from.id}\u0000${to.id}`)) continue;
      linked.add(`${from.id}\u0000${to.id}`);
      connectors.push(
        makeConnector(
          {
            id: newId(),
            z: zKeys[Math.min(z++, zKeys.length - 1)]!,
            createdBy: options.createdBy.slice(0, 200),
            kind: 'depends-on',
            from: { itemId: from.id, x: from.x + from.w / 2, y: from.y + from.h / 2 },
            to: { itemId: to.id, x: to.x + to.w / 2, y: to.y + to.h / 2 },
          },
          now,
        ),
      );
    }
  }
  return { lanes: plan.lanes, teams: plan.teams, cards, updates, connectors };
}

function highest(keys: readonly (string | undefined)[]): string | null {
  const present = keys.filter((k): k is string => !!k);
  return present.length === 0 ? null : present.reduce((a, b) => (a > b ? a : b));
}

/** Creates a plan's lanes and teams (the first step of applying it). */
export function applyImportSetup(
  doc: Y.Doc,
  plan: Pick<ImportPlan, 'lanes' | 'teams'>,
  origin?: unknown,
): void {
  doc.transact(() => {
    ensureLanes(doc, undefined, origin);
    for (const lane of plan.lanes) addLane(doc, lane, null, origin);
    for (const team of plan.teams) setTeam(doc, team, origin);
  }, origin);
}

/** Applies a plan in one transaction; returns the new card ids. */
export function applyImportPlan(doc: Y.Doc, plan: ImportPlan, origin?: unknown): string[] {
  doc.transact(() => {
    applyImportSetup(doc, plan, origin);
    for (const card of plan.cards) addItem(doc, card, origin);
    for (const [id, patch] of plan.updates) updateItem(doc, id, patch, origin);
    for (const connector of plan.connectors) addItem(doc, connector, origin);
  }, origin);
  return plan.cards.map((c) => c.id);
}
