import type { Lane, Team, UnknownChoice, UnknownValue } from '@weboard/shared';

export type UnknownKind = 'lanes' | 'teams';

const NOUN: Record<UnknownKind, string> = { lanes: 'lane', teams: 'team' };

/** A choice as the select's value: `create`, `empty` or `map:<id>`. */
function choiceValue(choice: UnknownChoice): string {
  return choice.action === 'map' ? `map:${choice.id}` : choice.action;
}

function parseChoice(value: string): UnknownChoice {
  if (value.startsWith('map:')) return { action: 'map', id: value.slice(4) };
  return value === 'empty' ? { action: 'empty' } : { action: 'create' };
}

/**
 * The names of the file that the board does not know (a sprint that is no lane, a team not on the
 * board): per name, create it, use one the board has, or leave the rows without it, with how many
 * rows the choice touches.
 */
export function UnknownValues({
  kind,
  values,
  existing,
  choices,
  onChoose,
  emptyLabel,
}: {
  kind: UnknownKind;
  values: readonly UnknownValue[];
  existing: readonly (Lane | Team)[];
  choices: Readonly<Record<string, UnknownChoice>>;
  onChoose(name: string, choice: UnknownChoice): void;
  /** What "leave empty" means here (rows without a team get the import's team). */
  emptyLabel: string;
}) {
  if (values.length === 0) return null;
  const noun = NOUN[kind];
  return (
    <table className="mapping-table" data-testid={`import-unknown-${kind}`}>
      <thead>
        <tr>
          <th>New {noun} in the file</th>
          <th>Rows</th>
          <th>On this board</th>
        </tr>
      </thead>
      <tbody>
        {values.map((value) => {
          const choice = choices[value.name] ?? { action: 'create' };
          return (
            <tr
              key={value.name}
              data-testid="import-unknown"
              data-kind={kind}
              data-name={value.name}
            >
              <td>{value.name}</td>
              <td data-testid="import-unknown-rows">
                {value.rows} row{value.rows === 1 ? '' : 's'}
              </td>
              <td>
                <select
                  aria-label={`${noun} for ${value.name}`}
                  data-testid="import-unknown-choice"
                  value={choiceValue(choice)}
                  onChange={(e) => onChoose(value.name, parseChoice(e.target.value))}
                >
                  <option value="create">
                    Create {noun} “{value.name}”
                  </option>
                  {existing.map((record) => (
                    <option key={record.id} value={`map:${record.id}`}>
                      Use {record.name}
                    </option>
                  ))}
                  <option value="empty">{emptyLabel}</option>
                </select>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
