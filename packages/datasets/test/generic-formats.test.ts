import { readCsv, readTsv } from '../src/formats/delimited';
import { detectHeader } from '../src/formats/columns';
import { readJsonl } from '../src/formats/jsonl';
import { brief, fixture, readAll } from './helpers';

describe('readCsv', () => {
  const file = fixture('generic', 'reviews.csv');

  it('chooses columns by name, reading BOM, CRLF, doubled quotes and embedded newlines', async () => {
    const { records, skipped } = await readAll(
      readCsv(file, { text: 'review', label: 'sentiment', onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['Fine, "really" fine\nsecond line', 'pos', 2],
      ['awful', 'neg', 4],
      ['great', 'pos', 7],
    ]);
    expect(skipped).toEqual({ emptyText: 1, missingLabel: 1 });
  });

  it('chooses columns by position and skips the header that names them', async () => {
    const { records } = await readAll(
      readCsv(file, { text: 1, label: 2, header: 'present', onInvalid: 'skip' }),
    );
    expect(records.map((r) => r.label)).toEqual(['pos', 'neg', 'pos']);
  });

  it('names the columns that exist when the asked one is missing', async () => {
    await expect(readAll(readCsv(file, { text: 'body', label: 'sentiment' }))).rejects.toThrow(
      'no text column named "body"; columns present: "id", "review", "sentiment"',
    );
  });

  it('reports a short row as a missing field, or skips it', async () => {
    const short = fixture('generic', 'short-row.csv');
    await expect(readAll(readCsv(short, { text: 'text', label: 'label' }))).rejects.toThrow(
      `${short}, line 3: the row has 1 field but the header has 2`,
    );
    const { records, skipped } = await readAll(
      readCsv(short, { text: 'text', label: 'label', onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['alpha', 'a', 2],
      ['beta', 'b', 4],
    ]);
    expect(skipped).toEqual({ missingField: 1 });
  });

  it('validates the column options with the field named', () => {
    expect(() => readCsv(file, { text: -1, label: 'x' })).toThrow(/readCsv: text/);
    expect(() => readCsv(file, { text: 'a', label: 'b', header: 'yes' as 'auto' })).toThrow(
      /header: .*"auto"\|"present"\|"absent"/,
    );
  });
});

describe('readTsv', () => {
  it('reads a file without header by position, with a quoted field holding a tab', async () => {
    const { records } = await readAll(
      readTsv(fixture('generic', 'reviews.tsv'), { text: 1, label: 0 }),
    );
    expect(brief(records)).toEqual([
      ['lovely day', 'pos', 1],
      ['quoted\ttab inside', 'neg', 2],
      ['sunny', 'pos', 3],
    ]);
  });

  it('detects a header row of column names when columns are given by position', async () => {
    const { records } = await readAll(
      readTsv(fixture('generic', 'with-header.tsv'), { text: 1, label: 0 }),
    );
    expect(brief(records)).toEqual([
      ['bad', 'neg', 2],
      ['good', 'pos', 3],
    ]);
  });
});

describe('detectHeader', () => {
  it('takes names as a header and data rows as data', () => {
    const byPosition = { text: 1, label: 0 };
    expect(detectHeader(['label', 'text'], byPosition, [['pos', 'good']])).toBe(true);
    expect(detectHeader(['pos', 'lovely day'], byPosition, [['pos', 'sunny']])).toBe(false);
    expect(detectHeader(['1', 'a long sentence of review text'], byPosition)).toBe(false);
    expect(detectHeader(['1', 'x'], { text: 'text', label: 0 })).toBe(true);
  });
});

describe('readJsonl', () => {
  const file = fixture('generic', 'reviews.jsonl');

  it('reads objects by key, numbers as label strings, skipping invalid lines with counts', async () => {
    const { records, skipped } = await readAll(
      readJsonl(file, { text: 'text', label: 'label', onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['good value', '1', 1],
      ['poor', '0', 4],
    ]);
    expect(skipped).toEqual({ invalidJson: 1, emptyText: 1 });
  });

  it('names the line of invalid JSON', async () => {
    await expect(readAll(readJsonl(file, { text: 'text', label: 'label' }))).rejects.toThrow(
      `${file}, line 3: is not valid JSON`,
    );
  });

  it('reads arrays by position', async () => {
    const { records } = await readAll(
      readJsonl(fixture('generic', 'arrays.jsonl'), { text: 1, label: 0 }),
    );
    expect(brief(records)).toEqual([
      ['dull', 'neg', 1],
      ['bright', 'pos', 2],
    ]);
  });
});
