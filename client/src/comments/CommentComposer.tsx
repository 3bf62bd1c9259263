import { completeMention, mentionAtCaret, parseMentions, suggestMentions } from '@weboard/shared';
import { useLayoutEffect, useRef, useState } from 'react';

interface ComposerProps {
  /** Names that @ completes (who is here and who has commented). */
  people: readonly string[];
  placeholder: string;
  submitLabel: string;
  initial?: string;
  autoFocus?: boolean;
  testId: string;
  /** Called with the text and the people it names; returns whether it was written. */
  onSubmit(text: string, mentions: string[]): boolean;
  onCancel?(): void;
}

/**
 * A comment box: Enter sends (Shift+Enter for a new line), Escape cancels, and typing "@" offers
 * the people to name, picked with the arrows and Enter or Tab, or a click.
 */
export function CommentComposer(props: ComposerProps) {
  const [text, setText] = useState(props.initial ?? '');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes once a completed mention is on screen: set in the same frame as the text,
  // so a fast typist's next key lands after the name, not before it.
  const placeCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (placeCaret.current === null || !box.current) return;
    box.current.focus();
    box.current.setSelectionRange(placeCaret.current, placeCaret.current);
    placeCaret.current = null;
  });
  const typing = mentionAtCaret(text, caret);
  const suggestions = typing ? suggestMentions(typing.query, props.people) : [];
  // Nothing to offer once the typed name is already complete and alone.
  const offer =
    suggestions.length > 0 &&
    !(suggestions.length === 1 && suggestions[0]!.toLowerCase() === typing?.query.toLowerCase());

  const pick = (name: string) => {
    if (!typing) return;
    const next = completeMention(text, typing.start, caret, name);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    placeCaret.current = next.caret;
  };
  const submit = () => {
    if (text.trim() === '') return;
    if (props.onSubmit(text, parseMentions(text, props.people))) {
      setText('');
      setCaret(0);
    }
  };

  return (
    <div className="comment-composer">
      <textarea
        ref={box}
        className="comment-input"
        rows={2}
        value={text}
        placeholder={props.placeholder}
        aria-label={props.placeholder}
        data-testid={props.testId}
        autoFocus={props.autoFocus}
        maxLength={4000}
        onChange={(event) => {
          setText(event.target.value);
          setCaret(event.target.selectionStart);
          setActive(0);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={(event) => {
          if (offer && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
            event.preventDefault();
            const step = event.key === 'ArrowDown' ? 1 : -1;
            setActive((a) => (a + step + suggestions.length) % suggestions.length);
          } else if (offer && (event.key === 'Enter' || event.key === 'Tab')) {
            event.preventDefault();
            pick(suggestions[Math.min(active, suggestions.length - 1)]!);
          } else if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            submit();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            if (props.onCancel) props.onCancel();
            else box.current?.blur();
          }
        }}
      />
      {offer && (
        <ul className="mention-suggestions" role="listbox" aria-label="People to mention">
          {suggestions.map((name, i) => (
            <li key={name}>
              <button
                type="button"
                role="option"
                aria-selected={i === active}
                className={i === active ? 'mention-option active' : 'mention-option'}
                data-testid="mention-option"
                onPointerDown={(event) => event.preventDefault()}
                onClick={() => pick(name)}
              >
                @{name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="comment-composer-actions">
        {props.onCancel && (
          <button
            type="button"
            className="button button-ghost button-small"
            onClick={props.onCancel}
          >
            Cancel
          </button>
        )}
        <button
          type="button"
          className="button button-primary button-small"
          data-testid={`${props.testId}-send`}
          disabled={text.trim() === ''}
          onClick={submit}
        >
          {props.submitLabel}
        </button>
      </div>
    </div>
  );
}
