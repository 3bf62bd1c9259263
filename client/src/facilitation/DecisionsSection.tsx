import { currentStep, itemTitle, newItemId } from '@weboard/shared';
import type { Agenda, Decision } from '@weboard/shared';
import { useState } from 'react';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import { recordDecision, removeDecision } from '../planning/facilitation-actions';

/** A card's title for the log, or "a removed card". */
function cardName(editor: BoardEditor, id: string): string {
  const item = editor.lookup(id);
  if (!item) return 'a removed card';
  const text = (item as { text?: unknown }).text;
  return typeof text === 'string' ? itemTitle({ text }) : item.type;
}

/**
 * The decisions log: everyone reads who decided what and when, and the cards it is about (a click
 * selects and shows them); the facilitator records a decision about the selected cards.
 */
export function DecisionsSection({
  editor,
  decisions,
  agenda,
  isFacilitator,
  by,
}: {
  editor: BoardEditor;
  decisions: readonly Decision[];
  agenda: Agenda | null;
  isFacilitator: boolean;
  by: string;
}) {
  const [text, setText] = useState('');
  const selection = useStore(editor.selection);
  useStore(editor.items.version); // card titles follow the board
  const cards = selection.filter((id) => {
    const item = editor.lookup(id);
    return item !== undefined && item !== null && item.type !== 'connector' && item.type !== 'pen';
  });
  const record = () => {
    const decision = text.trim();
    if (!decision) return;
    const step = agenda ? currentStep(agenda)?.title : undefined;
    const written = recordDecision(editor, newItemId(), {
      text: decision,
      by,
      at: Date.now(),
      itemIds: cards.slice(0, 50),
      ...(step ? { step } : {}),
    });
    if (written) setText('');
  };
  if (!isFacilitator && decisions.length === 0) return null;
  return (
    <section className="fac-section" data-testid="decisions">
      <h3>Decisions</h3>
      {isFacilitator && (
        <div className="fac-column">
          <div className="fac-row">
            <input
              className="fac-input fac-grow"
              data-testid="decision-text"
              aria-label="Decision"
              placeholder="What was decided"
              value={text}
              maxLength={1000}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && record()}
            />
            <button
              type="button"
              className="button button-small button-primary"
              data-testid="decision-record"
              disabled={!text.trim()}
              onClick={record}
            >
              Record
            </button>
          </div>
          <span className="muted small" data-testid="decision-cards">
            {cards.length === 0
              ? 'Select cards to link them to the decision'
              : `About ${cards.length === 1 ? '1 selected card' : `${cards.length} selected cards`}`}
          </span>
        </div>
      )}
      {decisions.length === 0 && <p className="muted small">No decisions yet</p>}
      <ul className="fac-decisions" data-testid="decision-list">
        {decisions.map((decision) => (
          <li key={decision.id} className="fac-decision" data-testid="decision-row">
            <div className="fac-row">
              <strong className="fac-grow">{decision.text}</strong>
              {isFacilitator && (
                <button
                  type="button"
                  className="button button-ghost button-small"
                  aria-label="Remove this decision"
                  onClick={() =>
                    window.confirm('Remove this decision from the log?') &&
                    removeDecision(editor, decision.id)
                  }
                >
                  ×
                </button>
              )}
            </div>
            <div className="muted small">
              {decision.by || 'Facilitator'} · {new Date(decision.at).toLocaleTimeString()}
              {decision.step ? ` · ${decision.step}` : ''}
            </div>
            {decision.itemIds.length > 0 && (
              <div className="fac-row small">
                {decision.itemIds.map((id) => (
                  <button
                    key={id}
                    type="button"
                    className="fac-chip"
                    data-testid="decision-card"
                    disabled={!editor.lookup(id)}
                    onClick={() => {
                      editor.select([id]);
                      editor.zoomToSelection();
                    }}
                  >
                    {cardName(editor, id)}
                  </button>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
