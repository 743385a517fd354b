import { readCsv } from '../src/formats/delimited';
import { readJsonl } from '../src/formats/jsonl';
import { DatasetError } from '../src/errors';
import { hasStrictQuoting } from '../src/csv-rows';
import { brief, fixture, readAll } from './helpers';

const columns = { text: 'text', label: 'label' } as const;

describe('bad input', () => {
  it('names a missing file', async () => {
    const file = fixture('generic', 'no-such-file.csv');
    const error = await readAll(readCsv(file, columns)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).message).toBe(`${file}: file not found`);
  });

  it('names the line where an unterminated quote opens', async () => {
    const file = fixture('generic', 'unterminated.csv');
    await expect(readAll(readCsv(file, columns))).rejects.toThrow(
      `${file}, line 3: a quoted field opens here and is never closed`,
    );
  });

  it('skips an unterminated quote with a count and reads on from the next line', async () => {
    const { records, skipped } = await readAll(
      readCsv(fixture('generic', 'unterminated.csv'), { ...columns, onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['ok', 'a', 2],
      ['more', 'c', 4],
    ]);
    expect(skipped).toEqual({ unterminatedQuote: 1 });
  });

  it('names the line of malformed quoting', async () => {
    const file = fixture('generic', 'bad-quote.csv');
    await expect(readAll(readCsv(file, columns))).rejects.toThrow(
      `${file}, line 2: malformed quoting`,
    );
  });

  it('names the line of bytes that are not UTF-8', async () => {
    const file = fixture('generic', 'latin1.csv');
    await expect(readAll(readCsv(file, columns))).rejects.toThrow(
      `${file}, line 3: is not valid UTF-8`,
    );
  });

  it('skips the rows holding bytes that are not UTF-8 with a count', async () => {
    const { records, skipped } = await readAll(
      readCsv(fixture('generic', 'latin1.csv'), { ...columns, onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['fine', 'a', 2],
      ['last', 'c', 4],
    ]);
    expect(skipped).toEqual({ invalidUtf8: 1 });
  });

  it('names the line of non-UTF-8 bytes in a line-based format too', async () => {
    const file = fixture('generic', 'latin1.jsonl');
    await expect(readAll(readJsonl(file, columns))).rejects.toThrow(
      `${file}, line 2: is not valid UTF-8`,
    );
  });
});

describe('malformed quoting when skipping', () => {
  it('skips only the malformed row and keeps the rows after it, lines intact', async () => {
    const { records, skipped } = await readAll(
      readCsv(fixture('generic', 'nasty-quotes.csv'), { ...columns, onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['good', 'b', 3],
      ['x\ny, "quoted"', 'c', 4],
      ['last', 'd', 8],
    ]);
    expect(skipped).toEqual({ malformedRow: 2 });
  });

  it('stops at the first malformed row by default', async () => {
    const file = fixture('generic', 'nasty-quotes.csv');
    await expect(readAll(readCsv(file, columns))).rejects.toThrow(
      `${file}, line 2: malformed quoting`,
    );
  });
});

describe('hasStrictQuoting', () => {
  it('accepts RFC 4180 quoting and rejects stray quotes', () => {
    expect(hasStrictQuoting('a,b\n', ',')).toBe(true);
    expect(hasStrictQuoting('"a ""b"", c",d\n', ',')).toBe(true);
    expect(hasStrictQuoting('"multi\nline",x', ',')).toBe(true);
    expect(hasStrictQuoting('"",""', ',')).toBe(true);
    expect(hasStrictQuoting('"closed" then text,a\n', ',')).toBe(false);
    expect(hasStrictQuoting('say "hi",a', ',')).toBe(false);
    expect(hasStrictQuoting('a,"open', ',')).toBe(false);
    expect(hasStrictQuoting('"tab\there"\tx', '\t')).toBe(true);
  });
});
