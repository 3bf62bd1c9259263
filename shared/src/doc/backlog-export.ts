import type * as Y from 'yjs';
import { isBacklogItem } from '../planning/backlog';
import type { CardItem } from '../planning/backlog';
import { toCsv } from '../planning/backlog-file';
import { dependencyEdges } from '../planning/dependencies';
import { readItems } from './board-doc';
import { readLanes, readTeams, readVoteSession, readVotes, voterTeams } from './planning-doc';

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
