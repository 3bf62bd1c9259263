import type { Rice, Wsjf } from '../../schema/planning-fields';
import type { Lane, Team } from '../../schema/team';
import {
  parseConfidence,
  parseNumberCell,
  pathSteps,
  splitLabels,
  splitReferences,
  unescapeFormula,
} from './cells';
import { normalizeHeader } from './columns';
import type { HeaderMapping, ImportField } from './columns';
import type { BacklogRowError } from './csv-text';

/*
 * Rows of a backlog file, checked. A row fails only when it cannot become a card (no title, a
 * broken number, a duplicate key). What the board does not know yet (a sprint that is no lane, a
 * team not on the board, a link to an issue outside the file) never fails a row: unknown lanes
 * and teams are counted for the preview to resolve, a dangling link is a warning.
 */

/** What the file said about a card beyond the planning fields, kept as its provenance. */
export interface RowDetails {
  type?: string;
  status?: string;
  priority?: string;
  parent?: string;
}

/** One valid imported row. */
export interface BacklogRow {
  row: number;
  /** How other rows refer to this one: its key cell, or `row-<n>` when it has none. */
  key: string;
  /** The source's own key (`PAY-123`, an Azure DevOps ID), when the file has one. */
  sourceKey?: string;
  /** Position from the `rank` column (lower first); unset when the cell is empty. */
  rank?: number;
  title: string;
  description?: string;
  /** The team as written in the file (an Azure DevOps area path's last step). */
  team?: string;
  /** The board's team, when one matches by id or name. */
  teamId?: string;
  /** The lane as written (a sprint, an iteration path's last step). */
  lane?: string;
  /** The board's lane, when one matches by id or name. */
  laneId?: string;
  estimate?: number;
  labels?: string[];
  details?: RowDetails;
  wsjf?: Wsjf;
  rice?: Rice;
  /** Keys of rows in this file, or keys/ids of items on the board, this row depends on. */
  dependsOn: string[];
}

/** A value of the file the board does not know, and the rows that name it. */
export interface UnknownValue {
  name: string;
  rows: number;
}

export interface BacklogCheck {
  rows: BacklogRow[];
  errors: BacklogRowError[];
  /** Things that were left out of a row that is still imported (a link outside the file). */
  warnings: BacklogRowError[];
  /** Lane and team names of the file that the board has not got, with how many rows name each. */
  unknown: { lanes: UnknownValue[]; teams: UnknownValue[] };
}

export interface BacklogValidationOptions {
  lanes?: readonly Lane[];
  teams?: readonly Team[];
  /** Items already on the board by every key they answer to (their id and their source key). */
  existingKeys?: ReadonlySet<string>;
}

/** Text fields share a sticky's 10,000 character limit (title and description together). */
const MAX_TEXT = 10_000;

/** The board's record named `value`, by id or by name (any case). */
export function matchByIdOrName<T extends { id: string; name: string }>(
  records: readonly T[],
  value: string,
): T | undefined {
  const wanted = value.trim().toLowerCase();
  return (
    records.find((r) => r.id === value.trim()) ??
    records.find((r) => r.name.trim().toLowerCase() === wanted)
  );
}

/**
 * The board's record for a path (the deepest step that names one: "Fabrikam\\Payments\\Limits" is
 * the Payments team), else the last step as an unknown name.
 */
function pickStep<T extends { id: string; name: string }>(
  steps: readonly string[],
  records: readonly T[] | undefined,
): { name: string; match?: T } | null {
  for (const step of [...steps].reverse()) {
    const match = records && matchByIdOrName(records, step);
    if (match) return { name: step.slice(0, 100), match };
  }
  const last = steps.at(-1);
  return last ? { name: last.slice(0, 100) } : null;
}

type NumberField = Extract<ImportField, `wsjf_${string}` | `rice_${string}`>;
const WSJF_FIELDS = {
  businessValue: 'wsjf_business_value',
  timeCriticality: 'wsjf_time_criticality',
  riskReduction: 'wsjf_risk_reduction',
  jobSize: 'wsjf_job_size',
} as const satisfies Record<keyof Wsjf, NumberField>;
const RICE_FIELDS = {
  reach: 'rice_reach',
  impact: 'rice_impact',
  confidence: 'rice_confidence',
  effort: 'rice_effort',
} as const satisfies Record<keyof Rice, NumberField>;

/** The columns of each field; weak ones (Area Path) after proper ones. */
function columnsByField(mapping: HeaderMapping) {
  const byField = new Map<ImportField, { index: number; header: string; weak: boolean }[]>();
  for (const c of mapping.columns) {
    if (!c.field || c.field === 'votes_team') continue;
    const list = byField.get(c.field) ?? [];
    list.push({ index: c.index, header: c.header, weak: 'weak' in c && !!c.weak });
    byField.set(c.field, list);
  }
  for (const list of byField.values()) list.sort((a, b) => Number(a.weak) - Number(b.weak));
  return byField;
}

/**
 * Checks parsed records (header row excluded) against a header mapping. Blank rows are skipped;
 * a row with an error is left out of `rows`.
 */
export function validateBacklogRows(
  records: readonly (readonly string[])[],
  mapping: HeaderMapping,
  options: BacklogValidationOptions = {},
): BacklogCheck {
  const errors: BacklogRowError[] = mapping.missing.map((field) => ({
    row: 1,
    column: field,
    message: `no column for ${field}; expected a header such as "Title" or "Summary"`,
  }));
  const warnings: BacklogRowError[] = [];
  // Unknown names are counted without regard to case ("Sprint 9" and "sprint 9" are one sprint).
  const unknownLanes = new Map<string, UnknownValue>();
  const unknownTeams = new Map<string, UnknownValue>();
  const count = (unknown: Map<string, UnknownValue>, name: string) => {
    const entry = unknown.get(name.toLowerCase()) ?? { name, rows: 0 };
    entry.rows += 1;
    unknown.set(name.toLowerCase(), entry);
  };
  const result = (rows: BacklogRow[]): BacklogCheck => ({
    rows,
    errors: errors.sort((a, b) => a.row - b.row),
    warnings: warnings.sort((a, b) => a.row - b.row),
    unknown: {
      lanes: [...unknownLanes.values()],
      teams: [...unknownTeams.values()],
    },
  });
  if (errors.length > 0) return result([]);
  const byField = columnsByField(mapping);
  const headerOf = (field: ImportField) => byField.get(field)?.[0]?.header ?? field;
  // Azure DevOps' Area Path and Iteration Path start with the project, which names no team or sprint.
  const isPath = (field: ImportField) => /path$/i.test(normalizeHeader(headerOf(field)));

  interface Draft {
    row: BacklogRow;
    dependsOn: string[];
    blocks: string[];
    failed: boolean;
  }
  const drafts: Draft[] = [];
  records.forEach((record, i) => {
    const rowNumber = i + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    const row: BacklogRow = { row: rowNumber, key: '', title: '', dependsOn: [] };
    const draft: Draft = { row, dependsOn: [], blocks: [], failed: false };
    const fail = (field: ImportField | '', message: string) => {
      draft.failed = true;
      errors.push({ row: rowNumber, column: field ? headerOf(field) : '', message });
    };
    const warn = (field: ImportField, message: string) =>
      warnings.push({ row: rowNumber, column: headerOf(field), message });
    const cells = (field: ImportField): string[] =>
      (byField.get(field) ?? [])
        .map((c) => unescapeFormula(record[c.index] ?? '').trim())
        .filter((v) => v !== '');
    // Jira repeats Sprint once per sprint an issue was in; the last is the current one.
    const cell = (field: ImportField): string =>
      (field === 'lane' ? cells(field).at(-1) : cells(field)[0]) ?? '';
    const numberCell = (field: ImportField): number | undefined => {
      const text = cell(field);
      if (text === '') return undefined;
      const n = field === 'rice_confidence' ? parseConfidence(text) : parseNumberCell(text);
      if (n === null)
        fail(
          field,
          field === 'rice_confidence'
            ? `"${text}" is no confidence; write 0–1 or a percentage such as 80%`
            : `"${text}" is not a number`,
        );
      else if (n < 0) fail(field, `must not be negative (got ${n})`);
      else return n;
      return undefined;
    };

    const key = cell('key');
    if (key.length > 64) fail('key', 'a key can be at most 64 characters');
    else if (key) row.sourceKey = key;
    row.key = key || `row-${rowNumber}`;

    row.title = cell('title');
    if (row.title === '') fail('title', 'a title is required');
    const description = cell('description');
    if (description) row.description = description;
    if (row.title.length + description.length + 1 > MAX_TEXT)
      fail(
        description ? 'description' : 'title',
        `title and description can be at most ${MAX_TEXT} characters together`,
      );

    const rank = numberCell('rank');
    if (rank !== undefined) row.rank = rank;
    const estimate = numberCell('estimate');
    if (estimate !== undefined) row.estimate = estimate;

    const team = pickStep(pathSteps(cell('team'), { isPath: isPath('team') }), options.teams);
    if (team) {
      row.team = team.name;
      if (team.match) row.teamId = team.match.id;
      else count(unknownTeams, team.name);
    }
    const lane = pickStep(pathSteps(cell('lane'), { isPath: isPath('lane') }), options.lanes);
    if (lane) {
      row.lane = lane.name;
      if (lane.match) row.laneId = lane.match.id;
      else count(unknownLanes, lane.name);
    }

    const labels = [...new Set(cells('labels').flatMap(splitLabels))]
      .map((l) => l.slice(0, 64))
      .slice(0, 20);
    if (labels.length > 0) row.labels = labels;
    const details: RowDetails = {};
    for (const field of ['type', 'status', 'priority', 'parent'] as const) {
      const value = cell(field).slice(0, field === 'parent' ? 64 : 100);
      if (value) details[field] = value;
    }
    if (Object.keys(details).length > 0) row.details = details;

    const wsjf = numberGroup(WSJF_FIELDS, cell, numberCell, warn, 'WSJF');
    if (wsjf) row.wsjf = wsjf;
    const rice = numberGroup(RICE_FIELDS, cell, numberCell, warn, 'RICE');
    if (rice) row.rice = rice;

    draft.dependsOn = cells('depends_on');
    draft.blocks = cells('blocks');
    drafts.push(draft);
  });

  const byKey = new Map<string, Draft>();
  for (const draft of drafts) {
    if (byKey.has(draft.row.key) && !draft.row.key.startsWith('row-')) {
      draft.failed = true;
      errors.push({
        row: draft.row.row,
        column: headerOf('key'),
        message: `duplicate key "${draft.row.key}"`,
      });
    } else byKey.set(draft.row.key, draft);
  }
  // A reference names a key of this file, a title of this file (WeBoard's export names a card
  // without a key by its title), a rank of this file, or an item already on the board.
  const byTitle = new Map<string, Draft>();
  const byRank = new Map<string, Draft>();
  for (const draft of drafts) {
    if (!byTitle.has(draft.row.title)) byTitle.set(draft.row.title, draft);
    if (draft.row.rank !== undefined) byRank.set(String(draft.row.rank), draft);
  }
  const resolve = (reference: string) =>
    byKey.get(reference) ?? byTitle.get(reference) ?? byRank.get(reference);
  const link = (from: Draft, toKey: string) => {
    if (!from.row.dependsOn.includes(toKey)) from.row.dependsOn.push(toKey);
  };
  for (const draft of drafts) {
    for (const [field, references] of [
      ['depends_on', draft.dependsOn],
      ['blocks', draft.blocks],
    ] as const) {
      const known = (r: string) => !!resolve(r) || !!options.existingKeys?.has(r);
      for (const reference of references.flatMap((cell) => referencesIn(cell, known))) {
        const target = resolve(reference);
        if (target === draft) {
          warnings.push({
            row: draft.row.row,
            column: headerOf(field),
            message: 'an item cannot depend on itself; left out',
          });
        } else if (target?.failed) {
          warnings.push({
            row: draft.row.row,
            column: headerOf(field),
            message: `link to "${reference}" (row ${target.row.row}) left out: that row has errors`,
          });
        } else if (target) {
          if (field === 'depends_on') link(draft, target.row.key);
          else link(target, draft.row.key);
        } else if (field === 'depends_on' && options.existingKeys?.has(reference)) {
          link(draft, reference);
        } else {
          warnings.push({
            row: draft.row.row,
            column: headerOf(field),
            message: `link to "${reference}" left out: no such item in this file or on the board`,
          });
        }
      }
    }
  }
  return result(drafts.filter((d) => !d.failed).map((d) => d.row));
}

/**
 * The references in one cell. A whole cell that names something is one reference (a title may hold
 * spaces and commas); otherwise it is a list separated by semicolons, commas or white space.
 */
export function referencesIn(cell: string, known: (reference: string) => boolean): string[] {
  const text = cell.trim();
  if (text === '' || known(text)) return text === '' ? [] : [text];
  const parts = text.includes(';') ? text.split(';') : text.includes(',') ? text.split(',') : null;
  if (parts) return parts.flatMap((part) => referencesIn(part, known));
  return splitReferences(text);
}

/**
 * Reads a group of numeric columns that only make sense together (WSJF, RICE): all or none. A
 * partly filled group is left out of the row with a warning; the row itself is kept.
 */
function numberGroup<K extends string>(
  fields: Record<K, NumberField>,
  raw: (field: NumberField) => string,
  read: (field: NumberField) => number | undefined,
  warn: (field: ImportField, message: string) => void,
  label: string,
): Record<K, number> | undefined {
  const entries = Object.entries(fields) as [K, NumberField][];
  const filled = entries.filter(([, field]) => raw(field) !== '');
  if (filled.length === 0) return undefined;
  const empty = entries.find(([, field]) => raw(field) === '');
  if (empty) {
    warn(
      filled[0]![1],
      `${label} needs all of ${Object.values(fields).join(', ')}; ${label} left empty`,
    );
    return undefined;
  }
  const values = entries.map(([key, field]) => [key, read(field)] as const);
  if (values.some(([, value]) => value === undefined)) return undefined;
  return Object.fromEntries(values) as Record<K, number>;
}

/** An item's text from an imported row: the title, then the description on the following lines. */
export function rowText(row: Pick<BacklogRow, 'title' | 'description'>): string {
  return row.description ? `${row.title}\n${row.description}` : row.title;
}
