import {
  confidenceRoundMap,
  confidenceVotesMap,
  milestonesMap,
  objectivesMap,
  readConfidenceRound,
  readConfidenceVotes,
  readMilestones,
  readObjectives,
  readRisks,
  risksMap,
} from '@weboard/shared';
import type {
  ConfidenceBallot,
  ConfidenceRound,
  Milestone,
  Objective,
  Risk,
} from '@weboard/shared';
import type * as Y from 'yjs';
import { createStore, useStore } from '../lib/store';
import type { Store } from '../lib/store';
import { useEditor } from '../editor/editor-context';

/** The board's program-planning records, re-read whenever one of their maps changes. */
export interface PiState {
  objectives: Objective[];
  risks: Risk[];
  milestones: Milestone[];
  round: ConfidenceRound;
  /** Revealed confidence ballots by user id (none while a round runs). */
  confidence: Record<string, ConfidenceBallot>;
}

function readPi(doc: Y.Doc): PiState {
  return {
    objectives: readObjectives(doc),
    risks: readRisks(doc),
    milestones: readMilestones(doc),
    round: readConfidenceRound(doc),
    confidence: readConfidenceVotes(doc),
  };
}

// One store per open board document; its observers live as long as the document does.
const stores = new WeakMap<Y.Doc, Store<PiState>>();

/** The live program-planning state of `doc`. */
export function piStore(doc: Y.Doc): Store<PiState> {
  let store = stores.get(doc);
  if (!store) {
    const created = createStore(readPi(doc));
    // Once per change, however many of the maps it touched (see createPlanning's refresh).
    const refreshed = new WeakSet<Y.Transaction>();
    const refresh = (_events: unknown, transaction: Y.Transaction) => {
      if (refreshed.has(transaction)) return;
      refreshed.add(transaction);
      created.set(readPi(doc));
    };
    for (const map of [
      objectivesMap(doc),
      risksMap(doc),
      milestonesMap(doc),
      confidenceRoundMap(doc),
      confidenceVotesMap(doc),
    ])
      map.observeDeep(refresh);
    stores.set(doc, created);
    store = created;
  }
  return store;
}

/** The program-planning state of the board this component is rendered in. */
export function usePi(): PiState {
  const editor = useEditor();
  return useStore(piStore(editor.doc));
}
