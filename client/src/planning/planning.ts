import {
  bindingAt,
  getItem,
  isBacklogItem,
  isCard,
  isFrame,
  itemsMap,
  lanesMap,
  membersMap,
  readLanes,
  readMembers,
  readTeams,
  readVoteSession,
  readVotes,
  agreementsMap,
  capacityMap,
  readAgreements,
  readCapacities,
  teamsMap,
  voteSessionMap,
  votesMap,
} from '@weboard/shared';
import type {
  Agreement,
  BoardItem,
  CellCapacity,
  ItemPatch,
  Lane,
  Member,
  Team,
  VoteSession,
  Votes,
} from '@weboard/shared';
import { indexBetween } from '@weboard/shared';
import type * as Y from 'yjs';
import type { BoardEditor } from '../editor/editor';
import { isOwnChange } from '../editor/editor';
import { patchItems, setMember } from './actions';
import { whenIdle } from '../lib/idle';
import { createStore } from '../lib/store';
import type { Store } from '../lib/store';
import { createPlanningRevision } from './revision';

/** The board's planning data outside the items, re-read whenever it changes. */
export interface PlanningState {
  teams: Team[];
  lanes: Lane[];
  members: Record<string, Member>;
  votes: Votes;
  session: VoteSession;
  /** Each team's capacity per iteration. */
  capacities: CellCapacity[];
  /** Dependency agreements by depends-on connector id. */
  agreements: Map<string, Agreement>;
}

/** Planning for one open board: live state, who we are, our team, and the team/lane binder. */
export interface Planning {
  readonly state: Store<PlanningState>;
  /** Moves when an item changes in a way planning derives from (not when one is only moved). */
  readonly revision: Store<number>;
  /** The team we picked on this board; null for none, undefined while not chosen yet. */
  readonly myTeam: Store<string | null | undefined>;
  readonly userId: string;
  readonly boardId: string;
  /** Our token, for REST calls such as the CSV export link. */
  readonly token: string;
  setMyTeam(teamId: string | null): void;
  setName(name: string): void;
  dispose(): void;
}

const TEAM_KEY = (boardId: string) => `weboard.team.${boardId}`;

function loadTeamChoice(boardId: string): string | null | undefined {
  try {
    const raw = localStorage.getItem(TEAM_KEY(boardId));
    if (raw === null) return undefined;
    return raw === '' ? null : raw;
  } catch {
    return undefined;
  }
}

function saveTeamChoice(boardId: string, teamId: string | null): void {
  try {
    localStorage.setItem(TEAM_KEY(boardId), teamId ?? '');
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

function readState(doc: Y.Doc): PlanningState {
  return {
    teams: readTeams(doc),
    lanes: readLanes(doc),
    members: readMembers(doc),
    votes: readVotes(doc),
    session: readVoteSession(doc),
    capacities: readCapacities(doc),
    agreements: readAgreements(doc),
  };
}

export function createPlanning(
  editor: BoardEditor,
  boardId: string,
  userId: string,
  name: string,
  token: string,
): Planning {
  const { doc } = editor;
  const state = createStore(readState(doc));
  const myTeam = createStore<string | null | undefined>(loadTeamChoice(boardId));
  let myName = name;

  // Once per change: one touching several of these maps (a board arriving, an import) had each
  // map's observer read and validate all seven again, in the task before the board's first frame.
  const refreshed = new WeakSet<Y.Transaction>();
  const refresh = (_events: unknown, transaction: Y.Transaction) => {
    if (refreshed.has(transaction)) return;
    refreshed.add(transaction);
    state.set(readState(doc));
  };
  const observed = [
    teamsMap(doc),
    lanesMap(doc),
    membersMap(doc),
    votesMap(doc),
    voteSessionMap(doc),
    capacityMap(doc),
    agreementsMap(doc),
  ];
  for (const map of observed) map.observeDeep(refresh);

  const writeMember = () => {
    const team = myTeam.get();
    if (!editor.canEdit || team === undefined) return;
    setMember(editor, userId, { name: myName, teamId: team });
  };
  writeMember();

  const stopBinder = bindCards(editor, () => myTeam.get() ?? null);
  const revision = createPlanningRevision(editor.items);

  return {
    state,
    revision,
    myTeam,
    userId,
    boardId,
    token,
    setMyTeam(teamId) {
      saveTeamChoice(boardId, teamId);
      myTeam.set(teamId);
      writeMember();
    },
    setName(next) {
      myName = next;
      writeMember();
    },
    dispose() {
      stopBinder();
      revision.dispose();
      for (const map of observed) map.unobserveDeep(refresh);
    },
  };
}

/** More items than this arriving at once (a board opening, an import) is a large batch. */
const LARGE_BATCH = 500;

/**
 * Keeps cards bound to where we put them: a card we create joins our team (or the team of the
 * swimlane it lands in) and goes to the end of the backlog; a card we drop into a frame bound to a
 * team or lane takes that team or lane. Only our own edits are looked at, so two people never
 * fight over a card; the follow-up write carries the same origin, so undo takes both back.
 */
export function bindCards(editor: BoardEditor, myTeam: () => string | null): () => void {
  const { doc } = editor;
  const items = itemsMap(doc);
  let writing = false;
  // The board's frames, kept from one change to the next: filtering every item for them on each
  // step of a drag cost O(board) a step (about 13 ms of a 60-step drag's frame at 100,000 notes).
  // Dropped when an item is added or removed or a frame changes, by anyone; read again when next
  // needed. The items store observes the document before this does, so it has the change.
  let frames: ReturnType<typeof framesOf> | null = null;
  const framesOf = (all: readonly BoardItem[]) => all.filter(isFrame);
  const isFrameId = (id: string) => {
    const item = editor.items.byId(id);
    return item !== undefined && isFrame(item);
  };

  // After a large batch (a board arriving, an import) the frames are read once the page is idle,
  // not on the first step of the next drag (one long task of ~30 ms at 30,000 notes).
  let stopped = false;
  let readWaiting = false;
  const readWhenIdle = () => {
    if (readWaiting) return;
    readWaiting = true;
    whenIdle(() => {
      readWaiting = false;
      if (!stopped) frames ??= framesOf(editor.items.get());
    });
  };

  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    for (const event of events) {
      const id = event.path[0];
      if (event.target === items || (typeof id === 'string' && isFrameId(id))) frames = null;
      const batch = event.target === items && (event as Y.YMapEvent<unknown>).keysChanged.size;
      if (batch && batch > LARGE_BATCH) readWhenIdle();
    }
    if (writing || !isOwnChange(transaction) || !editor.canEdit) return;
    const added = new Set<string>();
    const moved = new Set<string>();
    for (const event of events) {
      if (event.target === items) {
        for (const [key, change] of event.changes.keys) if (change.action === 'add') added.add(key);
      } else if (event.path.length === 1 && typeof event.path[0] === 'string') {
        const keys = (event as Y.YMapEvent<unknown>).keysChanged;
        if (keys.has('x') || keys.has('y') || keys.has('w') || keys.has('h'))
          moved.add(event.path[0]);
      }
    }
    if (added.size === 0 && moved.size === 0) return;
    frames ??= framesOf(editor.items.get());
    const boardFrames = frames;
    // The backlog's last rank, read only when a new card needs one (not on every drag frame).
    let lastRank: string | null | undefined;
    const highestRank = () => {
      let highest: string | null = null;
      for (const item of editor.items.get())
        if (isCard(item) && item.rank && (!highest || item.rank > highest)) highest = item.rank;
      return highest;
    };

    const patches: [string, ItemPatch][] = [];
    for (const id of new Set([...added, ...moved])) {
      // Read from the document: the items store may not have seen this change yet.
      const item = getItem(doc, id);
      if (!item || !isCard(item)) continue;
      const binding = bindingAt(boardFrames, item);
      const patch: Record<string, unknown> = {};
      // A moved card takes the frame's team and lane; a new one only fills in what it lacks (an
      // imported card arrives with its own).
      const isNew = added.has(id);
      if (binding.teamId && binding.teamId !== item.teamId && !(isNew && item.teamId))
        patch.teamId = binding.teamId;
      if (binding.laneId && binding.laneId !== item.laneId && !(isNew && item.laneId))
        patch.laneId = binding.laneId;
      if (added.has(id) && isBacklogItem(item)) {
        const team = myTeam();
        if (!item.teamId && !patch.teamId && team) patch.teamId = team;
        if (!item.rank) {
          lastRank = indexBetween(lastRank === undefined ? highestRank() : lastRank, null);
          patch.rank = lastRank;
        }
      }
      if (Object.keys(patch).length > 0) patches.push([id, patch as ItemPatch]);
    }
    if (patches.length === 0) return;
    writing = true;
    try {
      patchItems(editor, patches);
    } finally {
      writing = false;
    }
  };
  items.observeDeep(observer);
  return () => {
    stopped = true;
    items.unobserveDeep(observer);
  };
}
