import { sheetCellText } from '@weboard/shared';
import type ExcelJS from 'exceljs';
import { AppError } from '../errors';

/** Content types of an Excel workbook upload. */
export const XLSX_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

/**
 * The first worksheet of an Excel workbook (.xlsx) as records of text, as CSV parsing gives them:
 * numbers as written, rich text joined, formulas by their result.
 */
export async function readWorkbook(body: Buffer): Promise<string[][]> {
  // Loaded on the first workbook: exceljs is ~8 MB of heap that every board's fan-out would
  // otherwise carry (and scan) for a REST import few servers ever see.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    // exceljs' own Buffer type predates Node's generic Buffer<ArrayBufferLike>.
    await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppError('BadRequest', 'The file is not an Excel workbook (.xlsx) that can be read');
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) return [];
  const width = sheet.columnCount;
  const records: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    records.push(Array.from({ length: width }, (_, c) => sheetCellText(row.getCell(c + 1).value)));
  }
  return records;
}
