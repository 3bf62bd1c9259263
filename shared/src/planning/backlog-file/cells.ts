/* How the cells of a backlog file are read: numbers, lists, paths, spreadsheet values. */

/** Undoes the `'` that spreadsheet-safe exports put before a cell starting with = + - @. */
export function unescapeFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** A number in the ways people type them: "3", "3.5", "3,5", " 80% ". Null when not a number. */
export function parseNumberCell(cell: string, options: { percent?: boolean } = {}): number | null {
  let text = cell.trim().replace(/\s/g, '');
  if (options.percent && text.endsWith('%')) text = text.slice(0, -1);
  if (/^-?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * A RICE confidence as the fraction the board stores: "0.8", "80%" and "80" all give 0.8 (a
 * number above 1 is a percentage). Null when it is no number or above 100 %.
 */
export function parseConfidence(cell: string): number | null {
  const percent = cell.trim().endsWith('%');
  const n = parseNumberCell(cell, { percent: true });
  if (n === null || n < 0) return null;
  const fraction = percent || n > 1 ? n / 100 : n;
  return fraction > 1 ? null : Math.round(fraction * 10_000) / 10_000;
}

/** Splits a list of references (keys, titles' keys): commas, semicolons or white space. */
export function splitReferences(cell: string): string[] {
  return cell
    .split(/[\s,;]+/)
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
}

/** Splits a labels cell: Azure DevOps writes "a; b", spreadsheets "a, b"; Jira one per column. */
export function splitLabels(cell: string): string[] {
  return cell
    .split(/[;,]/)
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
}

/**
 * The steps of an Azure DevOps path below the project ("Fabrikam\\Release 1\\Sprint 3" → Release 1,
 * Sprint 3); a path of one step is the project itself and names nothing. A cell without a
 * backslash in a column that is no path column is one step.
 */
export function pathSteps(cell: string, options: { isPath?: boolean } = {}): string[] {
  const text = cell.trim();
  if (!text.includes('\\') && !options.isPath) return text ? [text] : [];
  return text
    .split('\\')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(1);
}

/**
 * A spreadsheet cell value as text: numbers as written, dates as ISO days, rich text joined,
 * formulas by their result, hyperlinks by their text. Works on the values exceljs reads.
 */
export function sheetCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.richText))
      return record.richText
        .map((part) => sheetCellText((part as { text?: unknown }).text))
        .join('');
    if ('result' in record) return sheetCellText(record.result);
    if ('text' in record) return sheetCellText(record.text);
    if ('error' in record) return '';
  }
  return '';
}
