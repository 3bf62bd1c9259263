import { parseCsv, sheetCellText } from '@weboard/shared';

/*
 * A picked backlog file as records of text: CSV (any delimiter, UTF-8 or Windows-1252) or the
 * first worksheet of an Excel workbook. exceljs is loaded only when a workbook is picked.
 */

export type TextEncoding = 'utf-8' | 'windows-1252';

export interface ReadFile {
  records: string[][];
  /** Problems of the file itself (a broken quote), reported beside the row errors. */
  parseErrors: { row: number; column: string; message: string }[];
}

/** True for a file that should be read as an Excel workbook. */
export function isWorkbook(name: string): boolean {
  return /\.xlsx$/i.test(name);
}

/** Reads a file's bytes as text: UTF-8 unless the user said the file is Windows-1252. */
function decode(bytes: ArrayBuffer, encoding: TextEncoding): string {
  return new TextDecoder(encoding, { fatal: encoding === 'utf-8' })
    .decode(bytes)
    .replace(/^\uFEFF/, '');
}

/** The records of a CSV file; throws a TypeError when the bytes are not text in `encoding`. */
export function readCsvFile(bytes: ArrayBuffer, encoding: TextEncoding): ReadFile {
  const parsed = parseCsv(decode(bytes, encoding));
  return { records: parsed.records, parseErrors: parsed.errors };
}

/** The records of the first non-empty worksheet of an .xlsx workbook. */
export async function readWorkbookFile(bytes: ArrayBuffer): Promise<ReadFile> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) return { records: [], parseErrors: [] };
  const records: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    records.push(
      Array.from({ length: sheet.columnCount }, (_, c) => sheetCellText(row.getCell(c + 1).value)),
    );
  }
  return { records, parseErrors: [] };
}
