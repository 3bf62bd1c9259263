import { useState } from 'react';
import { Dialog } from './Dialog';

interface NameDialogProps {
  initialName?: string;
  onSave(name: string): void;
  onCancel?: () => void;
}

/** Asks for the display name shown next to your cursor; asked once, then remembered. */
export function NameDialog({ initialName = '', onSave, onCancel }: NameDialogProps) {
  const [name, setName] = useState(initialName);
  const trimmed = name.trim();
  return (
    <Dialog
      title="What should we call you?"
      description="Others on this board see this name next to your cursor."
      submitLabel="Join board"
      submitTestId="name-submit"
      submitDisabled={trimmed.length === 0}
      onSubmit={() => onSave(trimmed.slice(0, 60))}
      onCancel={onCancel}
    >
      <label className="field">
        <span>Your name</span>
        <input
          data-testid="name-input"
          value={name}
          maxLength={60}
          placeholder="e.g. Ada Lovelace"
          autoComplete="nickname"
          onChange={(e) => setName(e.target.value)}
        />
      </label>
    </Dialog>
  );
}
