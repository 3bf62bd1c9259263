/*
 * Which column of a user's backlog file holds what. Files come from WeBoard's own export, from
 * Jira Cloud and Jira Data Center, from Azure DevOps and from spreadsheets typed in English,
 * German, French or Spanish; each header is recognised by its normalised spelling.
 */

/**
 * A card's own fields, in the order WeBoard's export writes them (export.ts), which is also the order
 * the import lists them in.
 */
export const CARD_FIELDS = [
  'key',
  'rank',
  'title',
  'description',
  'team',
  'lane',
  'estimate',
  'labels',
  'type',
  'status',
  'priority',
  'parent',
  'wsjf_business_value',
  'wsjf_time_criticality',
  'wsjf_risk_reduction',
  'wsjf_job_size',
  'rice_reach',
  'rice_impact',
  'rice_confidence',
  'rice_effort',
] as const;

/** The fields an imported row can fill. */
export const IMPORT_FIELDS = [...CARD_FIELDS, 'depends_on', 'blocks'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Fields whose every column and every value counts (Jira repeats `Labels`, one label a column). */
export const LIST_FIELDS: ReadonlySet<ImportField> = new Set(['labels', 'depends_on', 'blocks']);

/** Columns that WeBoard's export computes from the board; an import reads past them. */
export const DERIVED_HEADERS = [
  'votes_total',
  'votes_weighted',
  'wsjf_score',
  'rice_score',
  'score',
  'health',
  'source',
] as const;

/** Field names for the user (the import preview's mapping table). */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  key: 'Key (e.g. PAY-123)',
  rank: 'Rank',
  title: 'Title',
  description: 'Description',
  team: 'Team',
  lane: 'Lane / sprint / iteration',
  estimate: 'Estimate (story points)',
  labels: 'Labels',
  type: 'Type',
  status: 'Status',
  priority: 'Priority',
  parent: 'Parent / epic',
  wsjf_business_value: 'WSJF business value',
  wsjf_time_criticality: 'WSJF time criticality',
  wsjf_risk_reduction: 'WSJF risk reduction',
  wsjf_job_size: 'WSJF job size',
  rice_reach: 'RICE reach',
  rice_impact: 'RICE impact',
  rice_confidence: 'RICE confidence',
  rice_effort: 'RICE effort',
  depends_on: 'Depends on',
  blocks: 'Blocks (others depend on it)',
};

/**
 * Header spellings (normalised) besides each field's own name. English first, then Jira and Azure
 * DevOps names, then German, French and Spanish. An estimate ("Effort", "Story Points") is an
 * estimate: only a header that says RICE fills RICE effort.
 */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  key: [
    'id',
    'issuekey',
    'itemid',
    'workitemid',
    'ref',
    'reference',
    'schlussel',
    'vorgangsschlussel',
    'cle',
    'clave',
  ],
  rank: [
    'order',
    'position',
    'backlogrank',
    'priorityrank',
    'no',
    'nr',
    'backlogpriority',
    'stackrank',
    'rang',
    'reihenfolge',
    'orden',
  ],
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
    'titel',
    'zusammenfassung',
    'resume',
    'titre',
    'resumen',
    'titulo',
  ],
  description: ['details', 'body', 'notes', 'desc', 'beschreibung', 'descripcion'],
  team: ['squad', 'owner', 'ownerteam', 'teamname', 'group', 'agileteam', 'equipe', 'equipo'],
  lane: [
    'horizon',
    'timeframe',
    'bucket',
    'column',
    'iteration',
    'sprint',
    'iterationpath',
    'fixversion',
    'fixversions',
    'iteracion',
  ],
  estimate: [
    'estimation',
    'storypoints',
    'points',
    'sp',
    'storypointestimate',
    'size',
    'effort',
    'storypunkte',
    'schatzung',
    'aufwand',
    'pointsdhistoire',
    'pointsdestory',
    'puntosdehistoria',
    'estimacion',
    'esfuerzo',
  ],
  labels: ['label', 'tags', 'tag', 'stichworter', 'etiketten', 'etiquettes', 'etiquetas'],
  type: [
    'issuetype',
    'workitemtype',
    'itemtype',
    'kind',
    'vorgangstyp',
    'typ',
    'typedeticket',
    'tipodeincidencia',
    'tipo',
  ],
  status: ['state', 'zustand', 'statut', 'etat', 'estado'],
  priority: ['prioritat', 'priorite', 'prioridad'],
  parent: [
    'epic',
    'epiclink',
    'parentkey',
    'parentid',
    'parentlink',
    'ubergeordnet',
    'ubergeordneterschlussel',
    'epicverknupfung',
    'lienepic',
    'enlacedeepica',
  ],
  wsjf_business_value: [
    'businessvalue',
    'bv',
    'uservalue',
    'userbusinessvalue',
    'value',
    'geschaftswert',
    'valeurmetier',
    'valordenegocio',
  ],
  wsjf_time_criticality: [
    'timecriticality',
    'tc',
    'urgency',
    'zeitkritikalitat',
    'criticitetemporelle',
    'criticidadtemporal',
  ],
  wsjf_risk_reduction: [
    'riskreduction',
    'rroe',
    'rr',
    'riskreductionopportunityenablement',
    'risikoreduzierung',
    'reductiondurisque',
    'reducciondelriesgo',
  ],
  wsjf_job_size: ['jobsize', 'js', 'jobgrosse', 'tailledutravail', 'tamanodeltrabajo'],
  rice_reach: ['reach', 'ricereach'],
  rice_impact: ['impact', 'riceimpact'],
  rice_confidence: ['confidence', 'riceconfidence', 'confidencepercent'],
  rice_effort: ['riceeffort'],
  depends_on: [
    'dependencies',
    'dependency',
    'blockedby',
    'isblockedby',
    'depends',
    'dependson',
    'predecessor',
    'predecessors',
    'requires',
    'abhangigkeiten',
    'hangtabvon',
    'dependde',
    'dependances',
    'dependede',
    'dependencias',
  ],
  blocks: ['successor', 'successors', 'blocks', 'blockiert'],
};

/**
 * Headers that name a field only when no better column does: Azure DevOps' Area Path is the team
 * when the file has no team column; Jira's numeric `Issue id` is the key when there is no key.
 */
const WEAK_SYNONYMS: Partial<Record<ImportField, readonly string[]>> = {
  key: ['issueid'],
  team: ['areapath', 'area'],
};

/** Lower case, accents dropped, letters and digits only: "Story Points" and "story_points" meet. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const LOOKUP = new Map<string, { field: ImportField; weak: boolean }>();
for (const field of IMPORT_FIELDS) {
  LOOKUP.set(normalizeHeader(field), { field, weak: false });
  for (const synonym of SYNONYMS[field]) LOOKUP.set(synonym, { field, weak: false });
  for (const synonym of WEAK_SYNONYMS[field] ?? []) LOOKUP.set(synonym, { field, weak: true });
}
const DERIVED = new Set<string>(DERIVED_HEADERS.map(normalizeHeader));
for (const extra of [
  'votes',
  'totalvotes',
  'dots',
  'dotvotes',
  'weightedvotes',
  'wsjf',
  'rice',
  'ricescore',
  'priorityscore',
  'dependencyhealth',
])
  DERIVED.add(extra);

/**
 * Jira's issue links: `Inward issue link (Blocks)` holds the issues that block this one (it
 * depends on them), `Outward issue link (Blocks)` the issues it blocks (they depend on it). For
 * "Dependency"-like link types the outward side is "depends on". Other link types (relates,
 * duplicates, clones) say nothing about order and are left out.
 */
function issueLinkField(header: string): ImportField | null | undefined {
  const match = /^(inward|outward)\s+issue\s+link\s*\((.+)\)$/i.exec(header.trim());
  if (!match) return undefined;
  const inward = match[1]!.toLowerCase() === 'inward';
  const type = normalizeHeader(match[2]!);
  if (type === 'blocks' || type === 'blocker' || type === 'block')
    return inward ? 'depends_on' : 'blocks';
  if (type.startsWith('depend')) return inward ? 'blocks' : 'depends_on';
  return null;
}

/** What one column of a user's file holds. */
export type MappedColumn =
  | { index: number; header: string; field: ImportField; weak?: true }
  | { index: number; header: string; field: 'votes_team'; team: string }
  | { index: number; header: string; field: null; derived?: true };

export interface HeaderMapping {
  columns: MappedColumn[];
  /** Required fields that no header maps to. */
  missing: ImportField[];
}

/** Maps one header to its field, or null when the column is not ours to read. */
export function mapHeader(header: string, index = 0): MappedColumn {
  const trimmed = header.trim();
  const link = issueLinkField(trimmed);
  if (link) return { index, header, field: link };
  if (link === null) return { index, header, field: null };
  // Jira names its custom fields "Custom field (Story Points)".
  const inner = /^custom\s*field\s*\((.+)\)$/i.exec(trimmed)?.[1] ?? trimmed;
  // Azure DevOps tree queries export one title column per level: Title 1, Title 2…
  const level = /^(title|titel|titre|t[ií]tulo)\s*\d+$/i.test(inner);
  const normalized = inner === '#' ? 'rank' : level ? 'title' : normalizeHeader(inner);
  const found = LOOKUP.get(normalized);
  if (found) return { index, header, field: found.field, ...(found.weak ? { weak: true } : {}) };
  if (DERIVED.has(normalized) || /^votes?[\s_:\-–(]+weighted\)?$/i.test(trimmed))
    return { index, header, field: null, derived: true };
  const team = /^votes?[\s_:\-–(]+(.+?)\)?$/i.exec(trimmed)?.[1]?.trim();
  if (team) return { index, header, field: 'votes_team', team };
  return { index, header, field: null };
}

/**
 * Maps a file's headers to fields, ignoring case, accents, spaces and punctuation. Several
 * columns may fill one field (Jira repeats `Sprint` and `Labels`); a weak column (Area Path) is
 * dropped when a proper one (Team) is present.
 */
export function mapBacklogHeaders(headers: readonly string[]): HeaderMapping {
  const columns = headers.map((header, index) => mapHeader(header, index));
  const strong = new Set(columns.filter((c) => c.field && !('weak' in c)).map((c) => c.field));
  const settled = columns.map((c): MappedColumn =>
    'weak' in c && strong.has(c.field) ? { index: c.index, header: c.header, field: null } : c,
  );
  const present = new Set(settled.map((c) => c.field));
  return { columns: settled, missing: present.has('title') ? [] : ['title'] };
}

/** The mapping after the user chose a field for some columns ('' ignores the column). */
export function withOverrides(
  mapping: HeaderMapping,
  overrides: Readonly<Record<number, ImportField | ''>>,
): HeaderMapping {
  const columns = mapping.columns.map((c): MappedColumn => {
    if (!Object.hasOwn(overrides, c.index)) return c;
    const field = overrides[c.index]!;
    return field
      ? { index: c.index, header: c.header, field }
      : { index: c.index, header: c.header, field: null };
  });
  const present = new Set(columns.map((c) => c.field));
  return { columns, missing: present.has('title') ? [] : ['title'] };
}
