import * as Y from 'yjs';
import { MAP } from './keys';
import { reportInvalidRecord } from './records';

/*
 * Who has joined the board: `members` maps userId -> { name, teamId }, one plain record written
 * whole, and only ever by that user.
 */

/** A person who has joined the board, with the team they picked. */
export interface Member {
  name: string;
  teamId: string | null;
}

export function membersMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MAP.members);
}

/** Records who a user is and which team they picked; tallies and exports group votes by it. */
export function setMember(doc: Y.Doc, userId: string, member: Member, origin?: unknown): void {
  const current = readMembers(doc)[userId];
  if (current && current.name === member.name && current.teamId === member.teamId) return;
  doc.transact(
    () => membersMap(doc).set(userId, { name: member.name.slice(0, 200), teamId: member.teamId }),
    origin,
  );
}

/** Every member by user id. */
export function readMembers(doc: Y.Doc): Record<string, Member> {
  const members: [string, Member][] = [];
  for (const [userId, value] of membersMap(doc).entries()) {
    const v = value as Partial<Member> | null;
    if (!v || typeof v !== 'object' || v instanceof Y.AbstractType) {
      reportInvalidRecord({ map: MAP.members, key: userId, reason: 'not a record' });
      continue;
    }
    members.push([
      userId,
      {
        name: typeof v.name === 'string' ? v.name : '',
        teamId: typeof v.teamId === 'string' ? v.teamId : null,
      },
    ]);
  }
  return Object.fromEntries(members);
}

/** userId → teamId for every member with a team, as the vote tally wants it. */
export function voterTeams(doc: Y.Doc): Record<string, string> {
  const result: [string, string][] = [];
  for (const [userId, member] of Object.entries(readMembers(doc)))
    if (member.teamId) result.push([userId, member.teamId]);
  return Object.fromEntries(result);
}
