import Papa from 'papaparse';
import type { Rice, Wsjf } from '../schema/planning-fields';
import type { Lane, Team } from '../schema/team';
import { sortLanes } from '../schema/team';
import { edgeHealths } from './dependencies';
import type { DependencyEdge, DependencyHealth } from './dependencies';
import { worseHealth } from './dependencies';
import { rankedOrder } from './rank-ops';
import type { Rankable } from './rank-ops';
import { itemScore } from './scoring';
import type { ScoringMethod } from './scoring';
import { tallyVotes } from './votes';
import type { Votes } from './votes';

/*
 * The backlog as CSV: one row per card, in ranked order. Pure: text in, records out (and back);
 * the server reads and writes the files. The `id` column lets an export be re-imported with its
 * dependencies intact; `votes_*`, `score` and `health` are derived, so import ignores them.
 */

/** The fixed columns, in export order. Per-team vote columns `votes_<team name>` follow `votes_total`. */
export const BACKLOG_COLUMNS = [
  'id',
  'rank',
  'title',
  'description',
  'team',
  'lane',
  'estimate',
  'wsjf_business_value',
  'wsjf_time_criticality',
  'wsjf_risk_reduction',
  'wsjf_job_size',
  'rice_reach',
  'rice_impact',
  'rice_confidence',
  'rice_effort',
  'votes_total',
  'score',
  'depends_on',
  'health',
] as const;
export type BacklogColumn = (typeof BACKLOG_COLUMNS)[number];

/** Prefix of the per-team vote columns (`votes_Payments`). */
export const VOTES_TEAM_PREFIX = 'votes_';

/** Columns computed from the board; an import reads past them. */
export const DERIVED_COLUMNS: readonly BacklogColumn[] = ['votes_total', 'score', 'health'];

/** Columns an import cannot do without. */
export const REQUIRED_COLUMNS: readonly BacklogColumn[] = ['title'];

/** Header synonyms (normalised: lower case, letters and digits only) besides each column's own name. */
const SYNONYMS: Record<BacklogColumn, readonly string[]> = {
  id: ['key', 'issuekey', 'issueid', 'itemid', 'ref', 'reference'],
  rank: ['order', 'position', 'backlogrank', 'priorityrank', 'no', 'nr'],
  title: [
    'summary',
    'name',
    'story',
    'userstory',
    'item',
    'task',
    'feature',
    'headline',
    'subject',
  ],
  description: ['details', 'body', 'notes', 'desc'],
  team: ['squad', 'owner', 'ownerteam', 'teamname', 'group'],
  lane: ['horizon', 'timeframe', 'bucket', 'column', 'iteration', 'sprint'],
  estimate: ['estimation', 'storypoints', 'points', 'sp', 'storypointestimate', 'size'],
  wsjf_business_value: ['businessvalue', 'bv', 'uservalue', 'userbusinessvalue', 'value'],
  wsjf_time_criticality: ['timecriticality', 'tc', 'urgency'],
  wsjf_risk_reduction: ['riskreduction', 'rroe', 'rr', 'riskreductionopportunityenablement'],
  wsjf_job_size: ['jobsize', 'js'],
  rice_reach: ['reach'],
  rice_impact: ['impact'],
  rice_confidence: ['confidence'],
  rice_effort: ['effort', 'personmonths'],
  votes_total: ['votes', 'totalvotes', 'dots', 'dotvotes'],
  score: ['wsjf', 'wsjfscore', 'rice', 'ricescore', 'priorityscore'],
  depends_on: ['dependencies', 'dependency', 'blockedby', 'depends', 'predecessors', 'requires'],
  health: ['dependencyhealth'],
};

/** Lower case, accents dropped, letters and digits only: "Story Points" and "story_points" meet. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const HEADER_LOOKUP = new Map<string, BacklogColumn>();
for (const column of BACKLOG_COLUMNS) {
  HEADER_LOOKUP.set(normalizeHeader(column), column);
  for (const synonym of SYNONYMS[column]) HEADER_LOOKUP.set(synonym, column);
}

/** What one column of a user's file holds. */
export type MappedColumn =
  | { index: number; header: string; field: BacklogColumn }
  | { index: number; header: string; field: 'votes_team'; team: string }
  | { index: number; header: string; field: null };

export interface HeaderMapping {
  columns: MappedColumn[];
  /** Required columns that no header maps to. */
  missing: BacklogColumn[];
  /** Headers ignored because an earlier column already maps to the same field. */
  duplicates: string[];
}

/** Maps a file's headers to our columns, ignoring case, spaces, underscores and punctuation. */
export function mapBacklogHeaders(headers: readonly string[]): HeaderMapping {
  const taken = new Set<string>();
  const duplicates: string[] = [];
  const columns = headers.map((header, index): MappedColumn => {
    const trimmed = header.trim();
    const normalized = trimmed === '#' ? 'rank' : normalizeHeader(trimmed);
    const field = HEADER_LOOKUP.get(normalized);
    const team = /^votes?[\s_:\-–(]+(.+?)\)?$/i.exec(trimmed)?.[1]?.trim();
    let mapped: MappedColumn;
    if (field) mapped = { index, header, field };
    else if (team) mapped = { index, header, field: 'votes_team', team };
    else return { index, header, field: null };
    const key = mapped.field === 'votes_team' ? `votes_team:${mapped.team}` : mapped.field;
    if (taken.has(key)) {
      duplicates.push(header);
      return { index, header, field: null };
    }
    taken.add(key);
    return mapped;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !taken.has(c));
  return { columns, missing, duplicates };
}

/** One problem in an imported file. */
export interface BacklogRowError {
  /** Row number as a spreadsheet shows it: the header is row 1, the first item row 2. */
  row: number;
  /** The header of the offending column as written in the file ('' for the whole row). */
  column: string;
  message: string;
}

/** One valid imported row. */
export interface BacklogRow {
  row: number;
  /**
   * How other rows' `depends_on` refer to this one: its `id` cell, or `row-<n>` when it has none.
   * The importer maps keys to the new item ids.
   */
  key: string;
  /** Position from the `rank` column (lower first); unset when the cell is empty. */
  rank?: number;
  title: string;
  description?: string;
  /** The team as written in the file. */
  team?: string;
  /** The matching team's id, when `teams` were given and one matches by id or name. */
  teamId?: string;
  /** The lane as written, or the matching lane's id when `lanes` were given. */
  lane?: string;
  estimate?: number;
  wsjf?: Wsjf;
  rice?: Rice;
  /** Keys of rows in the same file, or ids of existing items, that this row depends on. */
  dependsOn: string[];
}

export interface BacklogValidationOptions {
  /** Lanes of the board; when given, every `lane` cell must name one (by id or name). */
  lanes?: readonly Lane[];
  /** Teams of the board, used to resolve `team` cells to ids; unknown names are kept as names. */
  teams?: readonly Team[];
  /** Ids of items already on the board that `depends_on` may refer to. */
  existingItemIds?: ReadonlySet<string>;
}

/** Text fields share a sticky's 10,000 character limit (title and description together). */
const MAX_TEXT = 10_000;

/** Undoes the `'` that spreadsheet-safe exports put before a cell starting with = + - @. */
function unescapeFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** A number in the ways people type them: "3", "3.5", "3,5", " 80% ". Null when not a number. */
export function parseNumberCell(cell: string, options: { percent?: boolean } = {}): number | null {
  let text = cell.trim().replace(/\s/g, '');
  if (options.percent && text.endsWith('%')) text = text.slice(0, -1);
  if (/^-?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Splits a `depends_on` cell: references separated by commas, semicolons or white space. */
export function splitReferences(cell: string): string[] {
  return cell
    .split(/[\s,;]+/)
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
}

function matchByIdOrName<T extends { id: string; name: string }>(
  records: readonly T[],
  value: string,
): T | undefined {
  const wanted = value.trim().toLowerCase();
  return (
    records.find((r) => r.id === value.trim()) ??
    records.find((r) => r.name.trim().toLowerCase() === wanted)
  );
}

type NumberField = Exclude<
  BacklogColumn,
  'id' | 'title' | 'description' | 'team' | 'lane' | 'depends_on' | 'health'
>;
const WSJF_COLUMNS = {
  businessValue: 'wsjf_business_value',
  timeCriticality: 'wsjf_time_criticality',
  riskReduction: 'wsjf_risk_reduction',
  jobSize: 'wsjf_job_size',
} as const satisfies Record<keyof Wsjf, NumberField>;
const RICE_COLUMNS = {
  reach: 'rice_reach',
  impact: 'rice_impact',
  confidence: 'rice_confidence',
  effort: 'rice_effort',
} as const satisfies Record<keyof Rice, NumberField>;

/**
 * Validates parsed records (header row excluded) against a header mapping. Returns the valid rows
 * and every problem found; a row with any error is left out of `rows`. Blank rows are skipped.
 */
export function validateBacklogRows(
  records: readonly (readonly string[])[],
  mapping: HeaderMapping,
  options: BacklogValidationOptions = {},
): { rows: BacklogRow[]; errors: BacklogRowError[] } {
  const errors: BacklogRowError[] = mapping.missing.map((column) => ({
    row: 1,
    column,
    message: `no column for ${column}; expected a header such as "${column}"`,
  }));
  if (errors.length > 0) return { rows: [], errors };

  const headerOf = new Map<string, string>();
  const indexOf = new Map<string, number>();
  for (const c of mapping.columns) {
    if (c.field && c.field !== 'votes_team') {
      headerOf.set(c.field, c.header);
      indexOf.set(c.field, c.index);
    }
  }
  const lanes = options.lanes ? sortLanes(options.lanes) : undefined;

  interface Draft {
    row: BacklogRow;
    references: string[];
    failed: boolean;
  }
  const drafts: Draft[] = [];
  records.forEach((record, i) => {
    const rowNumber = i + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    const draft: Draft = {
      row: { row: rowNumber, key: '', title: '', dependsOn: [] },
      references: [],
      failed: false,
    };
    const fail = (field: BacklogColumn | '', message: string) => {
      draft.failed = true;
      errors.push({ row: rowNumber, column: field ? (headerOf.get(field) ?? field) : '', message });
    };
    const cell = (field: BacklogColumn): string => {
      const index = indexOf.get(field);
      return index === undefined ? '' : unescapeFormula(record[index] ?? '').trim();
    };
    const numberCell = (field: NumberField, percent = false): number | undefined => {
      const text = cell(field);
      if (text === '') return undefined;
      const n = parseNumberCell(text, { percent });
      if (n === null) fail(field, `"${text}" is not a number`);
      else if (n < 0) fail(field, `must not be negative (got ${n})`);
      else return n;
      return undefined;
    };
    const row = draft.row;

    const id = cell('id');
    if (id.length > 64) fail('id', 'an id can be at most 64 characters');
    row.key = id || `row-${rowNumber}`;

    const title = cell('title');
    if (title === '') fail('title', 'a title is required');
    row.title = title;
    const description = cell('description');
    if (description) row.description = description;
    if (title.length + description.length + 1 > MAX_TEXT)
      fail(
        description ? 'description' : 'title',
        `title and description can be at most ${MAX_TEXT} characters together`,
      );

    const rank = numberCell('rank');
    if (rank !== undefined) row.rank = rank;
    const estimate = numberCell('estimate');
    if (estimate !== undefined) row.estimate = estimate;

    const team = cell('team');
    if (team) {
      row.team = team;
      const match = options.teams && matchByIdOrName(options.teams, team);
      if (match) row.teamId = match.id;
    }

    const lane = cell('lane');
    if (lane && lanes) {
      const match = matchByIdOrName(lanes, lane);
      if (match) row.lane = match.id;
      else
        fail(
          'lane',
          `unknown lane "${lane}"; expected one of ${lanes.map((l) => l.name).join(', ')}`,
        );
    } else if (lane) row.lane = lane;

    const wsjf = numberGroup(WSJF_COLUMNS, cell, numberCell, fail, 'WSJF');
    if (wsjf) row.wsjf = wsjf;
    const rice = numberGroup(
      RICE_COLUMNS,
      cell,
      (f) => numberCell(f, f === 'rice_confidence'),
      fail,
      'RICE',
    );
    if (rice) {
      if (rice.confidence > 100)
        fail('rice_confidence', 'confidence is a fraction 0..1 or a percentage 0..100');
      else row.rice = rice;
    }

    draft.references = splitReferences(cell('depends_on'));
    drafts.push(draft);
  });

  // References are resolved once every row's key is known: an id, a row key, or a rank number.
  const byKey = new Map<string, Draft>();
  for (const draft of drafts) {
    if (byKey.has(draft.row.key) && !draft.row.key.startsWith('row-')) {
      draft.failed = true;
      errors.push({
        row: draft.row.row,
        column: headerOf.get('id') ?? 'id',
        message: `duplicate id "${draft.row.key}"`,
      });
    } else byKey.set(draft.row.key, draft);
  }
  const byRank = new Map<string, Draft>();
  for (const draft of drafts)
    if (draft.row.rank !== undefined) byRank.set(String(draft.row.rank), draft);
  for (const draft of drafts) {
    for (const reference of draft.references) {
      const target = byKey.get(reference) ?? byRank.get(reference);
      const column = headerOf.get('depends_on') ?? 'depends_on';
      if (target === draft) {
        draft.failed = true;
        errors.push({ row: draft.row.row, column, message: 'an item cannot depend on itself' });
      } else if (target) draft.row.dependsOn.push(target.row.key);
      else if (options.existingItemIds?.has(reference)) draft.row.dependsOn.push(reference);
      else {
        draft.failed = true;
        errors.push({
          row: draft.row.row,
          column,
          message: `"${reference}" matches no id or rank in this file`,
        });
      }
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows: drafts.filter((d) => !d.failed).map((d) => d.row), errors };
}

/**
 * Reads a group of numeric columns that only make sense together (WSJF, RICE): all or none. A cell
 * that is filled but invalid has already been reported by `read`.
 */
function numberGroup<K extends string>(
  columns: Record<K, NumberField>,
  raw: (field: NumberField) => string,
  read: (field: NumberField) => number | undefined,
  fail: (field: BacklogColumn, message: string) => void,
  label: string,
): Record<K, number> | undefined {
  const entries = Object.entries(columns) as [K, NumberField][];
  const filled = entries.filter(([, field]) => raw(field) !== '');
  if (filled.length === 0) return undefined;
  const empty = entries.find(([, field]) => raw(field) === '');
  if (empty) {
    fail(empty[1], `${label} needs all of ${Object.values(columns).join(', ')}`);
    return undefined;
  }
  const values = entries.map(([key, field]) => [key, read(field)] as const);
  if (values.some(([, value]) => value === undefined)) return undefined;
  return Object.fromEntries(values) as Record<K, number>;
}

/** Splits CSV text into records. The delimiter (comma, semicolon, tab…) is detected. */
export function parseCsv(text: string): { records: string[][]; errors: BacklogRowError[] } {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const errors = result.errors
    // A file with one column gives the delimiter guesser nothing to find; that is not an error.
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => ({ row: (e.row ?? 0) + 1, column: '', message: e.message }));
  return { records: result.data, errors };
}

/** Parses, maps and validates a backlog CSV in one go. */
export function importBacklogCsv(
  text: string,
  options: BacklogValidationOptions = {},
): { mapping: HeaderMapping; rows: BacklogRow[]; errors: BacklogRowError[] } {
  const parsed = parseCsv(text);
  const [headers = [], ...records] = parsed.records;
  const mapping = mapBacklogHeaders(headers);
  const validated = validateBacklogRows(records, mapping, options);
  return {
    mapping,
    rows: validated.rows,
    errors: [...parsed.errors, ...validated.errors].sort((a, b) => a.row - b.row),
  };
}

/** An item's text from an imported row: the title, then the description on the following lines. */
export function rowText(row: Pick<BacklogRow, 'title' | 'description'>): string {
  return row.description ? `${row.title}\n${row.description}` : row.title;
}

/** A card as the export needs it (a sticky, shape or text item with planning fields fits). */
export interface BacklogExportItem extends Rankable {
  text: string;
  teamId?: string | undefined;
  laneId?: string | undefined;
  estimate?: number | undefined;
  wsjf?: Wsjf | undefined;
  rice?: Rice | undefined;
}

export interface BacklogExportContext {
  teams?: readonly Team[];
  lanes?: readonly Lane[];
  votes?: Votes;
  voterTeam?: Readonly<Record<string, string>>;
  teamWeights?: Readonly<Record<string, number>>;
  edges?: readonly DependencyEdge[];
  /** Which score fills the `score` column; WSJF unless said otherwise. */
  scoreBy?: ScoringMethod;
}

export type CsvCell = string | number;

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
  const dependsOn = new Map<string, { ids: string[]; health: DependencyHealth | null }>();
  const present = new Set(items.map((i) => i.id));
  for (const e of edges) {
    if (!present.has(e.fromItemId) || !present.has(e.toItemId)) continue;
    const entry = dependsOn.get(e.fromItemId) ?? { ids: [], health: null };
    if (!entry.ids.includes(e.toItemId)) entry.ids.push(e.toItemId);
    const health = healths.get(e.id);
    if (health) entry.health = entry.health ? worseHealth(entry.health, health) : health;
    dependsOn.set(e.fromItemId, entry);
  }

  const header: CsvCell[] = [...BACKLOG_COLUMNS];
  header.splice(
    header.indexOf('votes_total') + 1,
    0,
    ...teams.map((t) => `${VOTES_TEAM_PREFIX}${t.name}`),
  );
  const rows: CsvCell[][] = [header];
  let position = 0;
  for (const item of rankedOrder(items)) {
    const [title = '', ...rest] = item.text.split('\n');
    const tally = Object.hasOwn(tallies, item.id) ? tallies[item.id] : undefined;
    const score = itemScore(item, context.scoreBy ?? 'wsjf');
    const deps = dependsOn.get(item.id);
    const byColumn: Record<BacklogColumn, CsvCell> = {
      id: item.id,
      rank: item.rank ? ++position : '',
      title: title.trim(),
      description: rest.join('\n').trim(),
      team: item.teamId ? (teamName.get(item.teamId) ?? item.teamId) : '',
      lane: item.laneId ? (laneName.get(item.laneId) ?? item.laneId) : '',
      estimate: item.estimate ?? '',
      wsjf_business_value: item.wsjf?.businessValue ?? '',
      wsjf_time_criticality: item.wsjf?.timeCriticality ?? '',
      wsjf_risk_reduction: item.wsjf?.riskReduction ?? '',
      wsjf_job_size: item.wsjf?.jobSize ?? '',
      rice_reach: item.rice?.reach ?? '',
      rice_impact: item.rice?.impact ?? '',
      rice_confidence: item.rice?.confidence ?? '',
      rice_effort: item.rice?.effort ?? '',
      votes_total: tally?.total ?? 0,
      score: score === null ? '' : Math.round(score * 100) / 100,
      depends_on: deps?.ids.join('; ') ?? '',
      health: deps?.health ?? '',
    };
    const row = BACKLOG_COLUMNS.map((column) => byColumn[column]);
    row.splice(
      BACKLOG_COLUMNS.indexOf('votes_total') + 1,
      0,
      ...teams.map((t) => (tally && Object.hasOwn(tally.byTeam, t.id) ? tally.byTeam[t.id]! : 0)),
    );
    rows.push(row);
  }
  return rows;
}

/** A cell a spreadsheet would run as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Ids (and `; `-separated lists of them) made only of the characters WeBoard's ids use. No
 * spreadsheet function can be written with them, so such a cell is safe as it is.
 */
const PLAIN_IDS = /^[A-Za-z0-9_-]+(?:; [A-Za-z0-9_-]+)*$/;

/**
 * Serialises CSV records. Text cells starting with = + - @ get a leading ' so a spreadsheet shows
 * them as text instead of running them as formulas; import removes it again. Cells of
 * `idColumns` are written as they are when they hold plain ids (an id starting with - stays that
 * id, so the file still matches the board); anything else in them is guarded like text.
 */
export function serializeCsv(
  rows: readonly (readonly CsvCell[])[],
  options: { idColumns?: readonly number[] } = {},
): string {
  const idColumns = new Set(options.idColumns ?? []);
  const escaped = new Set<string>();
  const guarded = rows.map((row) =>
    row.map((cell, column) => {
      if (typeof cell !== 'string' || !FORMULA_START.test(cell)) return cell;
      if (idColumns.has(column) && PLAIN_IDS.test(cell)) return cell;
      const text = `'${cell}`;
      escaped.add(text);
      return text;
    }),
  );
  return Papa.unparse(guarded, {
    escapeFormulae: false,
    newline: '\r\n',
    quotes: (value: unknown) => typeof value === 'string' && escaped.has(value),
  });
}

/** The backlog as a CSV file's text. */
export function toCsv(
  items: readonly BacklogExportItem[],
  context: BacklogExportContext = {},
): string {
  const rows = toCsvRows(items, context);
  const header = rows[0] ?? [];
  const idColumns = ['id', 'depends_on'].map((name) => header.indexOf(name));
  return serializeCsv(rows, { idColumns });
}
