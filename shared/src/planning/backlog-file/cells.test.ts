import { describe, expect, it } from 'vitest';
import {
  parseConfidence,
  parseNumberCell,
  pathSteps,
  sheetCellText,
  splitLabels,
  splitReferences,
} from './cells';

describe('cells', () => {
  it.each<[string, number | null, boolean?]>([
    ['3', 3],
    [' 3.5 ', 3.5],
    ['3,5', 3.5],
    ['.5', 0.5],
    ['-2', -2],
    ['1e3', 1000],
    ['80%', 80, true],
    ['80%', null],
    ['1,000,000', null],
    ['three', null],
    ['', null],
    ['Infinity', null],
  ])('reads "%s" as %s', (cell, expected, percent) => {
    expect(parseNumberCell(cell, { percent: percent ?? false })).toBe(expected);
  });

  it.each<[string, number | null]>([
    ['0.8', 0.8],
    ['80%', 0.8],
    ['80 %', 0.8],
    ['80', 0.8],
    ['1', 1],
    ['100%', 1],
    ['0,5', 0.5],
    ['150', null],
    ['-0.1', null],
    ['high', null],
  ])('reads the confidence "%s" as %s', (cell, expected) => {
    expect(parseConfidence(cell)).toBe(expected);
  });

  it('splits references and labels', () => {
    expect(splitReferences(' A-1; A-2,A-3  A-4 ')).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
    expect(splitReferences('')).toEqual([]);
    expect(splitLabels('payouts; scheduling, ops ;')).toEqual(['payouts', 'scheduling', 'ops']);
  });

  it.each<[string, string[]]>([
    ['Fabrikam\\Release 1\\Sprint 3', ['Release 1', 'Sprint 3']],
    ['Fabrikam', ['Fabrikam']],
    ['Fabrikam\\', []],
    ['Sprint 3', ['Sprint 3']],
    ['  ', []],
  ])('reads the path "%s"', (cell, steps) => {
    expect(pathSteps(cell)).toEqual(steps);
  });

  it.each<[unknown, string]>([
    [null, ''],
    ['text', 'text'],
    [3.5, '3.5'],
    [true, 'true'],
    [new Date('2026-11-30T00:00:00Z'), '2026-11-30'],
    [{ richText: [{ text: 'a ' }, { text: 'b' }] }, 'a b'],
    [{ formula: '2+3', result: 5 }, '5'],
    [{ text: 'link', hyperlink: 'https://x' }, 'link'],
    [{ error: '#N/A' }, ''],
  ])('reads the spreadsheet value %j as "%s"', (value, text) => {
    expect(sheetCellText(value)).toBe(text);
  });
});
