import { describe, expect, it } from 'vitest';
import { parseCsv, serializeCsv } from './csv-text';

describe('CSV text', () => {
  it.each<[string, string, string[][]]>([
    [
      'commas',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'semicolons',
      'a;b\n1;2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'semicolons with decimal commas',
      'a;b\n"2,5";x, y',
      [
        ['a', 'b'],
        ['2,5', 'x, y'],
      ],
    ],
    [
      'tabs',
      'a\tb\n1\t2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'quoted commas and newlines',
      'a,b\n"x, y","line1\nline2"',
      [
        ['a', 'b'],
        ['x, y', 'line1\nline2'],
      ],
    ],
    ['escaped quotes', 'a\n"say ""hi"""', [['a'], ['say "hi"']]],
    [
      'a byte order mark and CRLF',
      '\uFEFFa,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a single column', 'Title\nOne', [['Title'], ['One']]],
  ])('reads %s', (_label, text, records) => {
    const parsed = parseCsv(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records).toEqual(records);
  });

  it('reports a broken quote with its row', () => {
    const { errors } = parseCsv('a,b\n1,"unclosed');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.row).toBe(2);
  });

  it('keeps spreadsheets from running cells as formulas, but not numbers', () => {
    const text = serializeCsv([
      ['title', 'n'],
      ['=1+1', -3],
      ['@cmd', 4],
    ]);
    expect(text).toBe('title,n\r\n"\'=1+1",-3\r\n"\'@cmd",4');
  });
});
