import type { ReactNode } from 'react';
import { navigate } from '../app/route';

interface ErrorScreenProps {
  title: string;
  message: ReactNode;
  code?: string | number;
  onRetry?: () => void;
}

/** A full-page explanation of why a board cannot be shown, with a way out. */
export function ErrorScreen({ title, message, code, onRetry }: ErrorScreenProps) {
  return (
    <main className="error-screen" data-testid="error-screen" data-code={code}>
      <div className="error-card">
        <div className="error-icon" aria-hidden="true">
          !
        </div>
        <h1>{title}</h1>
        <p>{message}</p>
        <div className="error-actions">
          {onRetry && (
            <button type="button" className="button button-ghost" onClick={onRetry}>
              Try again
            </button>
          )}
          <button type="button" className="button button-primary" onClick={() => navigate('/')}>
            Go to my boards
          </button>
        </div>
      </div>
    </main>
  );
}
