import { readAgenda, readDecisions, sessionMap } from '@weboard/shared';
import type { Agenda, Decision } from '@weboard/shared';
import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/** The agenda and the decisions log, re-read whenever the session map changes. */
export interface SessionRecords {
  agenda: Agenda | null;
  decisions: Decision[];
}

function store(doc: Y.Doc) {
  const read = (): SessionRecords => ({ agenda: readAgenda(doc), decisions: readDecisions(doc) });
  const cache = { current: read() };
  return {
    subscribe(listener: () => void) {
      const map = sessionMap(doc);
      const onChange = () => {
        cache.current = read();
        listener();
      };
      map.observe(onChange);
      return () => map.unobserve(onChange);
    },
    get: () => cache.current,
  };
}

/** Subscribes a component to the agenda and decisions of `doc`. */
export function useSessionRecords(doc: Y.Doc): SessionRecords {
  const records = useMemo(() => store(doc), [doc]);
  return useSyncExternalStore(records.subscribe, records.get, records.get);
}
