import { useState } from 'react';
import type { ReactNode } from 'react';

/** What a planning check says of a form's fields (see checkMilestone, checkRisk, checkObjective). */
export type DraftCheck<D> = { ok: true; draft: D } | { ok: false; reason: string };

/**
 * A program-planning form: on submit its fields are checked, the reason shown when they don't fit,
 * and what fits is saved (the fields it keeps are the caller's: it clears them in `save`).
 */
export function PiForm<D>({
  testId,
  check,
  save,
  children,
}: {
  testId: string;
  check: () => DraftCheck<D>;
  save: (draft: D) => void;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="pi-form"
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        const result = check();
        if (!result.ok) {
          setError(result.reason);
          return;
        }
        setError(null);
        save(result.draft);
      }}
    >
      {children}
      {error && (
        <p className="conflict" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
