import type { Lane } from '@weboard/shared';
import { useState } from 'react';
import { useEditor } from '../editor/editor-context';
import { NamedOptions } from './bits';
import { agree, mayAgree } from './program-actions';
import type { Planning } from './planning';
import type { DependencyView } from './view';

/**
 * The agreement on one dependency: the needing team requests it, the asked team accepts (picking
 * the iteration it will deliver in) or declines. Shows what was agreed to everyone; buttons only
 * to who may act.
 */
export function DependencyAgreement({
  planning,
  dependency,
  lanes,
}: {
  planning: Planning;
  dependency: DependencyView;
  lanes: Lane[];
}) {
  const editor = useEditor();
  const { agreement } = dependency;
  const [laneId, setLaneId] = useState(agreement?.laneId ?? dependency.dependent.laneId ?? '');
  const laneName = (id: string | undefined) => lanes.find((l) => l.id === id)?.name ?? id ?? '';
  const can = (type: 'request' | 'decline' | 'withdraw') =>
    mayAgree(editor, planning, dependency, { type });
  const canAccept = mayAgree(editor, planning, dependency, {
    type: 'accept',
    laneId: laneId || 'x',
  });
  const status = !agreement
    ? 'Not requested'
    : agreement.state === 'requested'
      ? `Requested by ${agreement.requestedBy}, waiting for an answer`
      : agreement.state === 'accepted'
        ? `Accepted for ${laneName(agreement.laneId)}${agreement.answeredBy ? ` by ${agreement.answeredBy}` : ''}`
        : `Declined${agreement.answeredBy ? ` by ${agreement.answeredBy}` : ''}`;
  return (
    <div className="agreement" data-testid="agreement" data-state={agreement?.state ?? 'none'}>
      <span className="muted small" data-testid="agreement-status">
        {status}
        {agreement?.note ? ` — “${agreement.note}”` : ''}
      </span>
      {(!agreement || agreement.state === 'declined') && can('request') && (
        <button
          type="button"
          className="button button-small"
          data-testid="agreement-request"
          onClick={() => agree(editor, planning, dependency, { type: 'request' })}
        >
          Request
        </button>
      )}
      {agreement && canAccept && (
        <>
          <select
            aria-label="Iteration to deliver in"
            data-testid="agreement-lane"
            value={laneId}
            onChange={(e) => setLaneId(e.target.value)}
          >
            <option value="">Iteration…</option>
            <NamedOptions of={lanes} />
          </select>
          <button
            type="button"
            className="button button-small"
            data-testid="agreement-accept"
            disabled={!laneId}
            onClick={() => agree(editor, planning, dependency, { type: 'accept', laneId })}
          >
            Accept
          </button>
        </>
      )}
      {agreement && agreement.state !== 'declined' && can('decline') && (
        <button
          type="button"
          className="button button-small button-ghost"
          data-testid="agreement-decline"
          onClick={() => agree(editor, planning, dependency, { type: 'decline' })}
        >
          Decline
        </button>
      )}
      {agreement && can('withdraw') && (
        <button
          type="button"
          className="button button-small button-ghost"
          data-testid="agreement-withdraw"
          onClick={() => agree(editor, planning, dependency, { type: 'withdraw' })}
        >
          Withdraw
        </button>
      )}
    </div>
  );
}
