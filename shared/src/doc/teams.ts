import type * as Y from 'yjs';
import { teamValidator } from '../schema/team';
import type { Team } from '../schema/team';
import { MAP } from './keys';
import { readFieldRecords, writeRecordFields } from './field-records';

type FieldMap = Y.Map<unknown>;

/*
 * The board's teams: `teams` maps teamId -> Y.Map { name, color }, one map key per field so that
 * one person renaming a team while another recolours it both win.
 */

export function teamsMap(doc: Y.Doc): Y.Map<FieldMap> {
  return doc.getMap<FieldMap>(MAP.teams);
}

/** The board's valid teams, by name (ties by id) so every peer lists them alike. */
export function readTeams(doc: Y.Doc): Team[] {
  const teams = readFieldRecords<Team>(doc, MAP.teams, teamValidator);
  return teams.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** Adds a team or changes its name/colour. Throws if the team is invalid. */
export function setTeam(doc: Y.Doc, team: Team, origin?: unknown): void {
  const { id, name, color } = teamValidator.parse(team);
  doc.transact(() => writeRecordFields(doc, MAP.teams, id, { name, color }), origin);
}

/** Removes a team. Items keep their `teamId`; readers treat an unknown team as none. */
export function removeTeam(doc: Y.Doc, id: string, origin?: unknown): boolean {
  if (!teamsMap(doc).has(id)) return false;
  doc.transact(() => teamsMap(doc).delete(id), origin);
  return true;
}
