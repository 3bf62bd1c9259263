import type * as Y from 'yjs';
import { CONFIDENCE_ROUND, CONFIDENCE_VOTES } from './confidence';
import { MAP } from './keys';
import { OBJECTIVES } from './objectives';
import { capturePiProtected } from './pi-guard';
import type { PiProtected } from './pi-guard';
import { parentOf } from './yjs-internals';

/**
 * The session and the facilitator-only program-planning parts (pi-guard.ts) as they were before
 * the running change, kept current after each transaction that touched them: a guarded apply
 * then copies nothing per update (guard.ts), and the copies are taken again only when those
 * rarely changed parts change.
 */
export class ProtectedCopy {
  private sessionCopy: Record<string, unknown>;
  private piCopy: PiProtected;
  /** The top-level maps the copies come from (compared by identity with a change's root). */
  private readonly roots: { session: Y.Map<unknown>; pi: ReadonlySet<unknown> };

  constructor(private readonly doc: Y.Doc) {
    const session = doc.getMap(MAP.session);
    this.roots = {
      session,
      pi: new Set<unknown>([
        doc.getMap(CONFIDENCE_ROUND),
        doc.getMap(CONFIDENCE_VOTES),
        doc.getMap(OBJECTIVES),
      ]),
    };
    this.sessionCopy = session.toJSON() as Record<string, unknown>;
    this.piCopy = capturePiProtected(doc);
    doc.on('afterTransaction', this.onTransaction);
  }

  /** The session map as it was before the running transaction (read-only). */
  get session(): Record<string, unknown> {
    return this.sessionCopy;
  }

  /** The program-planning parts as they were before the running transaction (read-only). */
  get pi(): PiProtected {
    return this.piCopy;
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }

  private readonly onTransaction = (transaction: Y.Transaction): void => {
    let session = false;
    let pi = false;
    for (const type of transaction.changed.keys()) {
      let root: Y.AbstractType<unknown> = type as Y.AbstractType<unknown>;
      for (let parent = parentOf(root); parent !== null; parent = parentOf(root)) root = parent;
      if ((root as unknown) === this.roots.session) session = true;
      else if (this.roots.pi.has(root)) pi = true;
    }
    if (session) this.sessionCopy = this.roots.session.toJSON() as Record<string, unknown>;
    if (pi) this.piCopy = capturePiProtected(this.doc);
  };
}
