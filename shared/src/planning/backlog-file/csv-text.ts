import Papa from 'papaparse';

/*
 * CSV text ↔ records. Pure: the server and the browser read and write the files. Exports are
 * spreadsheet-safe (no cell runs as a formula) and import undoes that guard.
 */

/** One problem in an imported file. */
export interface BacklogRowError {
  /** Row number as a spreadsheet shows it: the header is row 1, the first item row 2. */
  row: number;
  /** The header of the offending column as written in the file ('' for the whole row). */
  column: string;
  message: string;
}

/** Splits CSV text into records. The delimiter (comma, semicolon, tab…) is detected; a BOM is dropped. */
export function parseCsv(text: string): { records: string[][]; errors: BacklogRowError[] } {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: false,
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const errors = result.errors
    // A file with one column gives the delimiter guesser nothing to find; that is not an error.
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => ({ row: (e.row ?? 0) + 1, column: '', message: e.message }));
  return { records: result.data, errors };
}

export type CsvCell = string | number;

/** A cell a spreadsheet would run as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Keys (and `; `-separated lists of them) made only of the characters ids and issue keys use. No
 * spreadsheet function can be written with them, so such a cell is safe as it is.
 */
const PLAIN_IDS = /^[A-Za-z0-9_-]+(?:; [A-Za-z0-9_-]+)*$/;

/**
 * Serialises CSV records. Text cells starting with = + - @ get a leading ' so a spreadsheet shows
 * them as text instead of running them as formulas; import removes it again. Cells of
 * `idColumns` are written as they are when they hold plain ids (an id starting with - stays that
 * id, so the file still matches the board); anything else in them is guarded like text.
 */
export function serializeCsv(
  rows: readonly (readonly CsvCell[])[],
  options: { idColumns?: readonly number[] } = {},
): string {
  const idColumns = new Set(options.idColumns ?? []);
  const escaped = new Set<string>();
  const guarded = rows.map((row) =>
    row.map((cell, column) => {
      if (typeof cell !== 'string' || !FORMULA_START.test(cell)) return cell;
      if (idColumns.has(column) && PLAIN_IDS.test(cell)) return cell;
      const text = `'${cell}`;
      escaped.add(text);
      return text;
    }),
  );
  return Papa.unparse(guarded, {
    escapeFormulae: false,
    newline: '\r\n',
    quotes: (value: unknown) => typeof value === 'string' && escaped.has(value),
  });
}
