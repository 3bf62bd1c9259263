import { describe, expect, it } from 'vitest';
import { mapBacklogHeaders, mapHeader, normalizeHeader, withOverrides } from './columns';
import { BACKLOG_COLUMNS } from './export';

describe('header mapping', () => {
  it.each<[string, string]>([
    // WeBoard and plain spreadsheets
    ['Title', 'title'],
    ['Summary', 'title'],
    ['  NAME ', 'title'],
    ['User Story', 'title'],
    ['Description', 'description'],
    ['Story points', 'estimate'],
    ['story_points', 'estimate'],
    ['SP', 'estimate'],
    ['Estimate', 'estimate'],
    ['Rank', 'rank'],
    ['#', 'rank'],
    ['Squad', 'team'],
    ['Horizon', 'lane'],
    ['Iteration', 'lane'],
    ['id', 'key'],
    ['Key', 'key'],
    ['Business Value', 'wsjf_business_value'],
    ['RR|OE', 'wsjf_risk_reduction'],
    ['Job size', 'wsjf_job_size'],
    ['Reach', 'rice_reach'],
    ['RICE impact', 'rice_impact'],
    ['Confidence (%)', 'rice_confidence'],
    ['RICE effort', 'rice_effort'],
    ['Depends on', 'depends_on'],
    ['Blocked by', 'depends_on'],
    ['Ránk', 'rank'],
    // Jira Cloud and Data Center
    ['Issue key', 'key'],
    ['Issue Type', 'type'],
    ['Status', 'status'],
    ['Priority', 'priority'],
    ['Sprint', 'lane'],
    ['Fix Version/s', 'lane'],
    ['Labels', 'labels'],
    ['Custom field (Story Points)', 'estimate'],
    ['Custom field (Story point estimate)', 'estimate'],
    ['Story point estimate', 'estimate'],
    ['Custom field (Team)', 'team'],
    ['Parent', 'parent'],
    ['Custom field (Epic Link)', 'parent'],
    ['Inward issue link (Blocks)', 'depends_on'],
    ['Outward issue link (Blocks)', 'blocks'],
    ['Outward issue link (Dependency)', 'depends_on'],
    ['Inward issue link (Dependency)', 'blocks'],
    // Azure DevOps
    ['ID', 'key'],
    ['Work Item Type', 'type'],
    ['Title 2', 'title'],
    ['State', 'status'],
    ['Effort', 'estimate'],
    ['Iteration Path', 'lane'],
    ['Area Path', 'team'],
    ['Tags', 'labels'],
    ['Predecessor', 'depends_on'],
    ['Successor', 'blocks'],
    // German
    ['Titel', 'title'],
    ['Zusammenfassung', 'title'],
    ['Schlüssel', 'key'],
    ['Vorgangsschlüssel', 'key'],
    ['Beschreibung', 'description'],
    ['Storypunkte', 'estimate'],
    ['Schätzung', 'estimate'],
    ['Vorgangstyp', 'type'],
    ['Priorität', 'priority'],
    ['Stichwörter', 'labels'],
    ['Abhängigkeiten', 'depends_on'],
    ['Hängt ab von', 'depends_on'],
    ['Geschäftswert', 'wsjf_business_value'],
    ['Jobgröße', 'wsjf_job_size'],
    // French
    ['Résumé', 'title'],
    ['Titre', 'title'],
    ['Clé', 'key'],
    ['Équipe', 'team'],
    ['Itération', 'lane'],
    ["Points d'histoire", 'estimate'],
    ['Priorité', 'priority'],
    ['État', 'status'],
    ['Étiquettes', 'labels'],
    ['Dépend de', 'depends_on'],
    // Spanish
    ['Resumen', 'title'],
    ['Título', 'title'],
    ['Clave', 'key'],
    ['Descripción', 'description'],
    ['Equipo', 'team'],
    ['Puntos de historia', 'estimate'],
    ['Estimación', 'estimate'],
    ['Prioridad', 'priority'],
    ['Estado', 'status'],
    ['Etiquetas', 'labels'],
    ['Depende de', 'depends_on'],
  ])('maps "%s" to %s', (header, field) => {
    expect(mapHeader(header)).toMatchObject({ index: 0, header, field });
  });

  it.each([
    ['votes_Payments', 'Payments'],
    ['Votes: Mobile App', 'Mobile App'],
    ['votes (Data)', 'Data'],
  ])('maps "%s" to the votes of team %s', (header, team) => {
    expect(mapHeader(header)).toEqual({ index: 0, header, field: 'votes_team', team });
  });

  it.each([
    'Created',
    'Reporter',
    '',
    'Outward issue link (Relates)',
    'Inward issue link (Cloners)',
    'Issue id',
    'Assigned To',
  ])('reads past "%s"', (header) => {
    const mapping = mapBacklogHeaders(['Title', 'Issue key', header]);
    expect(mapping.columns[2]!.field).toBeNull();
  });

  it.each([
    'votes_total',
    'votes_weighted',
    'wsjf_score',
    'rice_score',
    'score',
    'health',
    'source',
  ])('reads past the derived column %s', (header) =>
    expect(mapHeader(header)).toMatchObject({ field: null, derived: true }),
  );

  it('never takes an estimate for RICE effort', () => {
    for (const header of ['Effort', 'Story Points', 'Custom field (Story Points)', 'Aufwand'])
      expect(mapHeader(header).field).toBe('estimate');
  });

  it('lets several columns fill one field, and a team column win over the area path', () => {
    const mapping = mapBacklogHeaders(['Labels', 'Area Path', 'Summary', 'Labels', 'Team']);
    expect(mapping.columns.map((c) => c.field)).toEqual([
      'labels',
      null,
      'title',
      'labels',
      'team',
    ]);
    expect(mapBacklogHeaders(['Title', 'Area Path']).columns[1]!.field).toBe('team');
    expect(mapBacklogHeaders(['Issue id', 'Summary']).columns[0]!.field).toBe('key');
  });

  it('reports a missing title', () => {
    expect(mapBacklogHeaders(['Points', 'Team']).missing).toEqual(['title']);
    expect(mapBacklogHeaders(['Summary', 'Title']).missing).toEqual([]);
  });

  it('maps its own export headers', () => {
    const fields = mapBacklogHeaders([...BACKLOG_COLUMNS]).columns.map((c) => c.field);
    expect(fields).toEqual(
      BACKLOG_COLUMNS.map((c) =>
        ['votes_total', 'votes_weighted', 'wsjf_score', 'rice_score', 'health', 'source'].includes(
          c,
        )
          ? null
          : c,
      ),
    );
  });

  it('applies the choices of the preview', () => {
    const mapping = withOverrides(mapBacklogHeaders(['Name', 'Effort']), {
      0: '',
      1: 'rice_effort',
    });
    expect(mapping.columns.map((c) => c.field)).toEqual([null, 'rice_effort']);
    expect(mapping.missing).toEqual(['title']);
  });

  it('normalises headers', () => {
    expect(normalizeHeader(' Story_Points (SP) ')).toBe('storypointssp');
    expect(normalizeHeader('Größe')).toBe('grosse');
  });
});
