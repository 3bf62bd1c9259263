import { mapBacklogHeaders } from './columns';
import type { HeaderMapping } from './columns';
import { parseCsv } from './csv-text';
import { validateBacklogRows } from './rows';
import type { BacklogCheck, BacklogValidationOptions } from './rows';

/** Parses, maps and checks a backlog CSV in one go (without a board: pass its lanes and teams). */
export function readBacklogCsv(
  text: string,
  options: BacklogValidationOptions = {},
): BacklogCheck & { mapping: HeaderMapping } {
  const parsed = parseCsv(text);
  const [headers = [], ...records] = parsed.records;
  const mapping = mapBacklogHeaders(headers);
  const checked = validateBacklogRows(records, mapping, options);
  return {
    mapping,
    ...checked,
    errors: [...parsed.errors, ...checked.errors].sort((a, b) => a.row - b.row),
  };
}
