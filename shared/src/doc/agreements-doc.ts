import type * as Y from 'yjs';
import type { Agreement } from '../planning/agreements';
import { agreementValidator } from '../schema/agreement';
import { describeIssue, reportInvalidRecord } from './records';
import { MAP } from './keys';

/*
 * Dependency agreements; the only code that knows this key:
 *   agreements:  Y.Map  connectorId -> { state, fromTeamId?, toTeamId?, laneId?, requestedBy,
 *                                        answeredBy?, note? }   (one plain record per dependency)
 */
const AGREEMENTS = MAP.agreements;

export function agreementsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(AGREEMENTS);
}

/** Every valid agreement by the id of its depends-on connector. */
export function readAgreements(doc: Y.Doc): Map<string, Agreement> {
  const agreements = new Map<string, Agreement>();
  for (const [key, value] of agreementsMap(doc).entries()) {
    const parsed = agreementValidator.safeParse(value);
    if (parsed.success) agreements.set(key, parsed.data);
    else reportInvalidRecord({ map: AGREEMENTS, key, reason: describeIssue(parsed.error) });
  }
  return agreements;
}

/** Stores the agreement on a dependency (null removes it). Throws when it is not a valid one. */
export function setAgreement(
  doc: Y.Doc,
  connectorId: string,
  agreement: Agreement | null,
  origin?: unknown,
): void {
  if (agreement === null) {
    if (agreementsMap(doc).has(connectorId))
      doc.transact(() => agreementsMap(doc).delete(connectorId), origin);
    return;
  }
  const valid = agreementValidator.parse(agreement);
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(valid)) if (value !== undefined) record[key] = value;
  doc.transact(() => agreementsMap(doc).set(connectorId, record), origin);
}
