import type * as Y from 'yjs';
import { bindingAt, isBacklogItem, layoutCards } from '../planning/backlog';
import type { CardItem, Rect } from '../planning/backlog';
import { importBacklogCsv, rowText, toCsv } from '../planning/backlog-csv';
import type {
  BacklogRow,
  BacklogRowError,
  BacklogValidationOptions,
  HeaderMapping,
} from '../planning/backlog-csv';
import { dependencyEdges } from '../planning/dependencies';
import { indicesBetween } from '../planning/rank';
import { BOARD_TEMPLATES } from '../planning/templates';
import type { TemplateId } from '../planning/templates';
import { makeConnector } from '../schema/connector';
import type { ConnectorItem } from '../schema/connector';
import { isFrame } from '../schema/frame';
import type { FrameItem } from '../schema/frame';
import type { ItemSource } from '../schema/planning-fields';
import { makeSticky, STICKY_SIZE } from '../schema/sticky';
import type { StickyItem } from '../schema/sticky';
import type { Team } from '../schema/team';
import { addItem, newItemId, readItems, topZ } from './board-doc';
import {
  addLane,
  ensureLanes,
  lanesMap,
  readLanes,
  readTeams,
  readVoteSession,
  readVotes,
  setTeam,
  voterTeams,
} from './planning-doc';

/** Everything a backlog CSV import needs to know about the board it lands on. */
export function backlogValidationOptions(doc: Y.Doc): BacklogValidationOptions {
  return {
    lanes: readLanes(doc),
    teams: readTeams(doc),
    existingItemIds: new Set(readItems(doc).map((i) => i.id)),
  };
}

/**
 * Parses and validates a backlog CSV against the board. A row that depends on a row with errors
 * fails too (its dependency would not exist), so every row in `rows` can be created as it is.
 */
export function checkBacklogCsv(
  doc: Y.Doc,
  text: string,
): { mapping: HeaderMapping; rows: BacklogRow[]; errors: BacklogRowError[] } {
  const options = backlogValidationOptions(doc);
  const result = importBacklogCsv(text, options);
  let rows = result.rows;
  const errors = [...result.errors];
  for (;;) {
    const keys = new Set(rows.map((r) => r.key));
    const rowOfKey = new Map(result.rows.map((r) => [r.key, r.row]));
    const broken = rows.filter((r) =>
      r.dependsOn.some((key) => !keys.has(key) && !options.existingItemIds?.has(key)),
    );
    if (broken.length === 0) break;
    for (const row of broken) {
      const missing = row.dependsOn.find((k) => !keys.has(k) && !options.existingItemIds?.has(k))!;
      const at = rowOfKey.get(missing);
      errors.push({
        row: row.row,
        column:
          result.mapping.columns.find((c) => c.field === 'depends_on')?.header ?? 'depends_on',
        message: `depends on "${missing}"${at ? ` (row ${at})` : ''}, which cannot be imported`,
      });
    }
    const dropped = new Set(broken);
    rows = rows.filter((r) => !dropped.has(r));
  }
  errors.sort((a, b) => a.row - b.row);
  return { mapping: result.mapping, rows, errors };
}

export interface ImportPlanOptions {
  /** Where the items came from (the file name, the source board's title). */
  source: ItemSource;
  /** The team for rows that name none ("this is the Payments backlog"). */
  teamId?: string;
  createdBy: string;
  now?: number;
  newId?: () => string;
}

/** The items an import adds: cards first, then the depends-on connectors between them. */
export interface ImportPlan {
  cards: StickyItem[];
  connectors: ConnectorItem[];
}

function regionFor(
  frames: readonly FrameItem[],
  teamId: string | undefined,
  laneId: string | undefined,
): FrameItem | null {
  const match = (f: FrameItem, team: string | undefined, lane: string | undefined) =>
    f.teamId === team && f.laneId === lane;
  return (
    (teamId && laneId ? frames.find((f) => match(f, teamId, laneId)) : undefined) ??
    (teamId ? frames.find((f) => match(f, teamId, undefined)) : undefined) ??
    (laneId ? frames.find((f) => match(f, undefined, laneId)) : undefined) ??
    null
  );
}

/**
 * Turns validated CSV rows into new board items, without touching the document: each card goes
 * into its team's swimlane (the team × lane cell when there is one) on a free spot, after every
 * ranked item of the backlog in the file's order, remembering its source. Rows' dependencies
 * become depends-on connectors.
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
  const occupied: Rect[] = items.filter((i) => i.type !== 'frame' && i.type !== 'connector');
  const ordered = [...rows].sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) || a.row - b.row,
  );
  const ranks = indicesBetween(
    indexAboveOrNull(items.filter(isBacklogItem).map((i) => i.rank)),
    null,
    ordered.length,
  );
  const zKeys = indicesBetween(topZ(doc), null, ordered.length * 2 + 1);
  const teamIds = new Set(readTeams(doc).map((t) => t.id));

  // The team the file was imported for, as every card's provenance ("the Payments backlog").
  const sourceTeam = options.teamId && teamIds.has(options.teamId) ? options.teamId : undefined;
  const idByKey = new Map<string, string>();
  const drafts = ordered.map((row, i) => {
    const id = newId();
    idByKey.set(row.key, id);
    const teamId =
      row.teamId ?? (options.teamId && teamIds.has(options.teamId) ? options.teamId : undefined);
    return { row, id, teamId, laneId: row.lane, rank: ranks[i]!, z: zKeys[i]! };
  });

  // Cards of one region are laid out together so that they fill it row by row.
  const groups = new Map<string, typeof drafts>();
  for (const draft of drafts) {
    const key = `${draft.teamId ?? ''}\u0000${draft.laneId ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), draft]);
  }
  const positions = new Map<string, { x: number; y: number }>();
  for (const group of groups.values()) {
    const region = regionFor(frames, group[0]!.teamId, group[0]!.laneId);
    const spots = layoutCards(occupied, region, group.length, { w: STICKY_SIZE, h: STICKY_SIZE }, [
      ...frames,
      ...occupied,
    ]);
    group.forEach((draft, i) => {
      const spot = spots[i]!;
      positions.set(draft.id, spot);
      occupied.push({ ...spot, w: STICKY_SIZE, h: STICKY_SIZE });
    });
  }

  const cards = drafts.map((d) => {
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
        z: d.z,
        createdBy: options.createdBy.slice(0, 200),
        text: rowText(d.row).slice(0, 10_000),
        rank: d.rank,
        source: {
          kind: options.source.kind,
          name: options.source.name.slice(0, 200),
          ...(sourceTeam ? { teamId: sourceTeam } : {}),
        },
        ...(teamId ? { teamId } : {}),
        ...(laneId ? { laneId } : {}),
        ...(d.row.estimate !== undefined ? { estimate: d.row.estimate } : {}),
        ...(d.row.wsjf ? { wsjf: d.row.wsjf } : {}),
        ...(d.row.rice ? { rice: d.row.rice } : {}),
      },
      now,
    );
  });

  const byId = new Map(cards.map((c) => [c.id, c]));
  const existing = new Map(items.map((i) => [i.id, i]));
  const connectors: ConnectorItem[] = [];
  let z = ordered.length;
  for (const d of drafts) {
    for (const reference of d.row.dependsOn) {
      const targetId = idByKey.get(reference) ?? reference;
      const from = byId.get(d.id)!;
      const to = byId.get(targetId) ?? existing.get(targetId);
      if (!to) continue;
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
  return { cards, connectors };
}

function indexAboveOrNull(keys: readonly (string | undefined)[]): string | null {
  const present = keys.filter((k): k is string => !!k);
  return present.length === 0 ? null : present.reduce((a, b) => (a > b ? a : b));
}

/** Adds a planned import in one transaction; returns the new card ids. */
export function applyImportPlan(doc: Y.Doc, plan: ImportPlan, origin?: unknown): string[] {
  doc.transact(() => {
    ensureLanes(doc, undefined, origin);
    for (const card of plan.cards) addItem(doc, card, origin);
    for (const connector of plan.connectors) addItem(doc, connector, origin);
  }, origin);
  return plan.cards.map((c) => c.id);
}

/** The ranked backlog as CSV text (votes only once they are revealed). */
export function exportBacklogCsv(doc: Y.Doc): string {
  const items = readItems(doc);
  const cards: CardItem[] = items.filter(isBacklogItem);
  const session = readVoteSession(doc);
  const revealed = session.state === 'revealed';
  return toCsv(cards, {
    teams: readTeams(doc),
    lanes: readLanes(doc),
    votes: revealed ? readVotes(doc) : {},
    voterTeam: voterTeams(doc),
    teamWeights: session.teamWeights,
    edges: dependencyEdges(items),
  });
}

/**
 * Fills a new board from a template: its teams, its lanes (the defaults for templates without
 * lanes) and its frames and labels above everything already there.
 */
export function applyTemplate(
  doc: Y.Doc,
  templateId: TemplateId,
  teams: readonly Team[],
  options: { createdBy?: string; now?: number } = {},
  origin?: unknown,
): void {
  const template = BOARD_TEMPLATES.find((t) => t.id === templateId);
  if (!template) throw new RangeError(`unknown template ${templateId}`);
  const built = template.build(teams, { ...options, newId: newItemId, zAbove: topZ(doc) });
  doc.transact(() => {
    for (const team of teams) setTeam(doc, team, origin);
    if (built.lanes.length > 0 && lanesMap(doc).size === 0) ensureLanes(doc, built.lanes, origin);
    else if (built.lanes.length > 0) {
      const known = new Set(readLanes(doc).map((l) => l.id));
      for (const lane of built.lanes)
        if (!known.has(lane.id)) addLane(doc, { id: lane.id, name: lane.name }, null, origin);
    } else ensureLanes(doc, undefined, origin);
    for (const item of built.items) addItem(doc, item, origin);
  }, origin);
}
