import { useEffect, useId, useRef } from 'react';
import type { FormEvent, ReactNode } from 'react';

interface DialogProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  submitLabel: string;
  submitTestId?: string;
  submitDisabled?: boolean;
  busy?: boolean;
  error?: string | null;
  onSubmit(): void;
  onCancel?: () => void;
}

/** A small modal form. Escape or a click on the backdrop cancels (when cancelling is allowed). */
export function Dialog(props: DialogProps) {
  const { onCancel } = props;
  const titleId = useId();
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);

  useEffect(() => {
    if (!onCancel) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!props.submitDisabled && !props.busy) props.onSubmit();
  };

  return (
    <div
      className="dialog-backdrop"
      onPointerDown={(e) => e.target === e.currentTarget && onCancel?.()}
    >
      <form
        ref={formRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onSubmit={submit}
      >
        <h2 id={titleId}>{props.title}</h2>
        {props.description && <p className="dialog-description">{props.description}</p>}
        {props.children}
        {props.error && (
          <p className="dialog-error" role="alert">
            {props.error}
          </p>
        )}
        <div className="dialog-actions">
          {onCancel && (
            <button type="button" className="button button-ghost" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button
            type="submit"
            className="button button-primary"
            data-testid={props.submitTestId}
            disabled={props.submitDisabled || props.busy}
          >
            {props.busy ? 'Working…' : props.submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
