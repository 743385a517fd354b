import { parse } from 'csv-parse/sync';
import { table } from '../src';

interface Row {
  model: string;
  params: number;
  val: number;
}

const rows: Row[] = [
  { model: 'GRU', params: 5760000, val: 0.6656 },
  { model: 'SRNN(8,2)', params: 5790000, val: 0.6711 },
  { model: 'a|b, "quoted"\nname', params: 1, val: 0.5 },
];

describe('table', () => {
  const t = table(rows, [
    { header: 'model', value: 'model' },
    { header: 'params', value: 'params' },
    { header: 'val %', value: (r) => r.val * 100, format: (v) => (v as number).toFixed(2) },
  ]);

  it('renders Markdown with headers, alignment and escaped pipes', () => {
    expect(t.markdown()).toBe(
      [
        '| model | params | val % |',
        '| --- | ---: | ---: |',
        '| GRU | 5760000 | 66.56 |',
        '| SRNN(8,2) | 5790000 | 67.11 |',
        '| a\\|b, "quoted" name | 1 | 50.00 |',
        '',
      ].join('\n'),
    );
  });

  it('renders CSV that a CSV parser reads back to the same cells', () => {
    const parsed = parse(t.csv()) as string[][];
    expect(parsed).toEqual([t.headers, ...t.cells]);
    expect(parsed[3]![0]).toBe('a|b, "quoted"\nname');
  });

  it('leaves missing values empty and needs at least one column', () => {
    const sparse = table([{ a: 1 }, { a: undefined }], [{ header: 'a', value: 'a' }]);
    expect(sparse.cells).toEqual([['1'], ['']]);
    expect(() => table(rows, [])).toThrow(/columns must list at least one column/);
  });
});
