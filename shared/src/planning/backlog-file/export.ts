import type { ItemSource, Rice, Wsjf } from '../../schema/planning-fields';
import type { Lane, Team } from '../../schema/team';
import { edgeHealths, worseHealth } from '../dependencies';
import type { DependencyEdge, DependencyHealth } from '../dependencies';
import { rankedOrder } from '../rank-ops';
import type { Rankable } from '../rank-ops';
import { riceScore, wsjfScore } from '../scoring';
import { tallyVotes } from '../votes';
import type { Votes } from '../votes';
import { CARD_FIELDS } from './columns';
import { serializeCsv } from './csv-text';
import type { CsvCell } from './csv-text';

/*
 * The ranked backlog as a CSV people can use and import back into any board of the program: each
 * card by its source key (else its id), dependencies by the other cards' keys (else their titles),
 * team and lane by name, votes (per team and weighted), both scores, and where the card came from.
 */

/** The fixed columns, in export order. Per-team vote columns `votes_<team name>` follow `votes_total`. */
export const BACKLOG_COLUMNS = [
  ...CARD_FIELDS,
  'votes_total',
  'votes_weighted',
  'wsjf_score',
  'rice_score',
  'depends_on',
  'health',
  'source',
] as const;
export type BacklogColumn = (typeof BACKLOG_COLUMNS)[number];

/** Prefix of the per-team vote columns (`votes_Payments`). */
export const VOTES_TEAM_PREFIX = 'votes_';

/** A card as the export needs it (a sticky, shape or text item with planning fields fits). */
export interface BacklogExportItem extends Rankable {
  text: string;
  sourceKey?: string | undefined;
  teamId?: string | undefined;
  laneId?: string | undefined;
  estimate?: number | undefined;
  labels?: readonly string[] | undefined;
  wsjf?: Wsjf | undefined;
  rice?: Rice | undefined;
  source?: ItemSource | undefined;
}

export interface BacklogExportContext {
  teams?: readonly Team[];
  lanes?: readonly Lane[];
  votes?: Votes;
  voterTeam?: Readonly<Record<string, string>>;
  teamWeights?: Readonly<Record<string, number>>;
  edges?: readonly DependencyEdge[];
}

const round = (n: number | null) => (n === null ? '' : Math.round(n * 100) / 100);

/** A card's title: its first line. */
function titleOf(item: { text: string }): string {
  return (item.text.split('\n', 1)[0] ?? '').trim();
}

/** What the `source` column says: "Jira export.csv (csv)". */
function sourceText(source: ItemSource | undefined): string {
  return source ? `${source.name} (${source.kind})` : '';
}

/**
 * The backlog as CSV records, header first, in ranked order (unranked items last, rank blank).
 * Numbers stay numbers so that a spreadsheet-safe serialiser leaves them alone.
 */
export function toCsvRows(
  items: readonly BacklogExportItem[],
  context: BacklogExportContext = {},
): CsvCell[][] {
  const teams = [...(context.teams ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const laneName = new Map((context.lanes ?? []).map((l) => [l.id, l.name]));
  const tallies = tallyVotes(context.votes ?? {}, context.voterTeam ?? {}, context.teamWeights);
  const edges = context.edges ?? [];
  const healths = edgeHealths(items, edges, context.lanes ?? []);
  const byId = new Map(items.map((i) => [i.id, i]));
  // A card without a source key is named by its title when that title is unique, else its id.
  const titleCount = new Map<string, number>();
  for (const item of items) titleCount.set(titleOf(item), (titleCount.get(titleOf(item)) ?? 0) + 1);
  const keyOf = (item: BacklogExportItem) => item.sourceKey ?? item.id;
  const referenceOf = (item: BacklogExportItem) =>
    item.sourceKey ??
    (titleCount.get(titleOf(item)) === 1 && titleOf(item) ? titleOf(item) : item.id);
  const dependsOn = new Map<string, { refs: string[]; health: DependencyHealth | null }>();
  for (const e of edges) {
    const target = byId.get(e.toItemId);
    if (!byId.has(e.fromItemId) || !target) continue;
    const entry = dependsOn.get(e.fromItemId) ?? { refs: [], health: null };
    const reference = referenceOf(target);
    if (!entry.refs.includes(reference)) entry.refs.push(reference);
    const health = healths.get(e.id);
    if (health) entry.health = entry.health ? worseHealth(entry.health, health) : health;
    dependsOn.set(e.fromItemId, entry);
  }

  const votesAt = BACKLOG_COLUMNS.indexOf('votes_total') + 1;
  const header: CsvCell[] = [...BACKLOG_COLUMNS];
  header.splice(votesAt, 0, ...teams.map((t) => `${VOTES_TEAM_PREFIX}${t.name}`));
  const rows: CsvCell[][] = [header];
  let position = 0;
  for (const item of rankedOrder(items)) {
    const [, ...rest] = item.text.split('\n');
    const tally = Object.hasOwn(tallies, item.id) ? tallies[item.id] : undefined;
    const deps = dependsOn.get(item.id);
    const source = item.source;
    const byColumn: Record<BacklogColumn, CsvCell> = {
      key: keyOf(item),
      rank: item.rank ? ++position : '',
      title: titleOf(item),
      description: rest.join('\n').trim(),
      team: item.teamId ? (teamName.get(item.teamId) ?? item.teamId) : '',
      lane: item.laneId ? (laneName.get(item.laneId) ?? item.laneId) : '',
      estimate: item.estimate ?? '',
      labels: item.labels?.join('; ') ?? '',
      type: source?.type ?? '',
      status: source?.status ?? '',
      priority: source?.priority ?? '',
      parent: source?.parent ?? '',
      wsjf_business_value: item.wsjf?.businessValue ?? '',
      wsjf_time_criticality: item.wsjf?.timeCriticality ?? '',
      wsjf_risk_reduction: item.wsjf?.riskReduction ?? '',
      wsjf_job_size: item.wsjf?.jobSize ?? '',
      rice_reach: item.rice?.reach ?? '',
      rice_impact: item.rice?.impact ?? '',
      rice_confidence: item.rice?.confidence ?? '',
      rice_effort: item.rice?.effort ?? '',
      votes_total: tally?.total ?? 0,
      votes_weighted: round(tally?.weightedTotal ?? 0),
      wsjf_score: round(wsjfScore(item.wsjf)),
      rice_score: round(riceScore(item.rice)),
      depends_on: deps?.refs.join('; ') ?? '',
      health: deps?.health ?? '',
      source: sourceText(source),
    };
    const row = BACKLOG_COLUMNS.map((column) => byColumn[column]);
    row.splice(
      votesAt,
      0,
      ...teams.map((t) => (tally && Object.hasOwn(tally.byTeam, t.id) ? tally.byTeam[t.id]! : 0)),
    );
    rows.push(row);
  }
  return rows;
}

/** The backlog as a CSV file's text. */
export function toCsv(
  items: readonly BacklogExportItem[],
  context: BacklogExportContext = {},
): string {
  const rows = toCsvRows(items, context);
  const header = rows[0] ?? [];
  const idColumns = ['key', 'depends_on'].map((name) => header.indexOf(name));
  return serializeCsv(rows, { idColumns });
}
