import { agendaProgress, currentStep } from '@weboard/shared';
import type { Agenda } from '@weboard/shared';

/** The agenda step running now, for everyone, beside the session timer. */
export function AgendaBadge({ agenda }: { agenda: Agenda | null }) {
  if (!agenda || agenda.current === null) return null;
  const step = currentStep(agenda);
  return (
    <div className="fac-agenda-badge" data-testid="agenda-current" role="status">
      <span className="muted small">{agendaProgress(agenda)}</span>{' '}
      <strong data-testid="agenda-current-title">{step ? step.title : 'Agenda done'}</strong>
    </div>
  );
}
