import { parseConfidence } from '@weboard/shared';
import { useState } from 'react';
import { formatScore } from './view';

export function NumberInput(props: {
  value: number | undefined;
  /** Reads "80%" and 80 as 0.8 (a RICE confidence). */
  fraction?: boolean;
  disabled?: boolean;
  testId?: string;
  label?: string;
  onCommit(value: number | undefined): void;
}) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  const commit = () => {
    const trimmed = text.trim().replace(',', '.');
    if (trimmed === '') return props.onCommit(undefined);
    const n = props.fraction ? parseConfidence(trimmed) : Number(trimmed);
    if (n !== null && Number.isFinite(n) && n >= 0) {
      props.onCommit(n);
      setText(String(n));
    } else setText(props.value === undefined ? '' : String(props.value));
  };
  return (
    <input
      inputMode="decimal"
      aria-label={props.label}
      data-testid={props.testId}
      value={text}
      disabled={props.disabled}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

export function ScoreGroup<K extends string>(props: {
  title: string;
  fields: [K, string][];
  /** Fields typed as a fraction or a percentage ("80%" is 0.8). */
  fractions?: readonly K[];
  value: Partial<Record<K, number>> | undefined;
  score: number | null;
  disabled: boolean;
  onChange(next: Record<K, number> | null): void;
}) {
  const [draft, setDraft] = useState<Partial<Record<K, number>>>(props.value ?? {});
  const update = (key: K, n: number | undefined) => {
    const next: Partial<Record<K, number>> =
      n === undefined
        ? (Object.fromEntries(Object.entries(draft).filter(([k]) => k !== key)) as Partial<
            Record<K, number>
          >)
        : { ...draft, [key]: n };
    setDraft(next);
    const complete = props.fields.every(([k]) => typeof next[k] === 'number');
    if (complete) props.onChange(next as Record<K, number>);
    else if (props.fields.every(([k]) => next[k] === undefined)) props.onChange(null);
  };
  return (
    <details className="score-group" open={props.value !== undefined}>
      <summary>
        {props.title}
        {props.score !== null && (
          <span className="score-chip" data-testid={`item-${props.title.toLowerCase()}-score`}>
            {formatScore(props.score)}
          </span>
        )}
      </summary>
      <div className="item-grid">
        {props.fields.map(([key, label]) => (
          <label key={key}>
            {label}
            <NumberInput
              testId={`item-${props.title.toLowerCase()}-${key}`}
              value={draft[key]}
              fraction={props.fractions?.includes(key) ?? false}
              disabled={props.disabled}
              onCommit={(n) => update(key, n)}
            />
          </label>
        ))}
      </div>
    </details>
  );
}
