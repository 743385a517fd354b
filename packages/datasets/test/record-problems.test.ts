import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeDataset } from '../src/encode';
import { DatasetError } from '../src/errors';
import { readCsv, readTsv } from '../src/formats/delimited';
import { readFigshareYelp } from '../src/formats/figshare-yelp';
import { readJsonl } from '../src/formats/jsonl';
import { OptionsError } from '../src/options';
import type { RecordSource } from '../src/records';
import { brief, readAll } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'srnn-record-problems-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a file into the test's directory and returns its path. */
function write(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const columns = { text: 'text', label: 'label' } as const;

describe('field-count mismatches', () => {
  it('refuses a CSV row with more fields than the header, naming file, line and widths', async () => {
    const file = write('extra.csv', 'text,label\nfine,pos\nGreat food, lovely view,pos\nbad,neg\n');
    const error = await readAll(readCsv(file, columns)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).line).toBe(3);
    expect((error as DatasetError).message).toContain(
      `${file}, line 3: the row has 3 fields but the header has 2`,
    );
  });

  it('never turns an extra field into a label: under skip the row is dropped and counted', async () => {
    const file = write(
      'extra2.csv',
      'text,label\nfine,pos\nGreat food, lovely view,pos\nbad,neg\n',
    );
    const { records, skipped } = await readAll(readCsv(file, { ...columns, onInvalid: 'skip' }));
    expect(brief(records)).toEqual([
      ['fine', 'pos', 2],
      ['bad', 'neg', 4],
    ]);
    expect(records.map((r) => r.label)).not.toContain('lovely view');
    expect(skipped).toEqual({ extraFields: 1 });
  });

  it('applies the same rule to TSV and to files without a header (the first row sets the width)', async () => {
    const tsv = write('extra.tsv', 'pos\tsunny\nneg\tcold\textra\npos\twarm\n');
    const { records, skipped } = await readAll(
      readTsv(tsv, { text: 1, label: 0, header: 'absent', onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['sunny', 'pos', 1],
      ['warm', 'pos', 3],
    ]);
    expect(skipped).toEqual({ extraFields: 1 });
  });
});

describe('quoting errors under skip', () => {
  it('resynchronises at the next line after an unterminated quote and counts only what was lost', async () => {
    const file = write('unterminated.csv', 'text,label\nok,a\n"broken,b\nfine,c\ngood,d\n');
    const { records, skipped } = await readAll(readCsv(file, { ...columns, onInvalid: 'skip' }));
    expect(brief(records)).toEqual([
      ['ok', 'a', 2],
      ['fine', 'c', 4],
      ['good', 'd', 5],
    ]);
    expect(skipped).toEqual({ unterminatedQuote: 1 });
  });

  it('counts every record lost when the lines after an unterminated quote are broken too', async () => {
    // Line 3 opens a quote that never closes; line 5 has too many fields. Lines 4 and 6 are kept.
    const file = write('two-bad.csv', 'text,label\nok,a\n"broken,b\nfine,c\nx,y,z\ngood,d\n');
    const { records, skipped } = await readAll(readCsv(file, { ...columns, onInvalid: 'skip' }));
    expect(brief(records)).toEqual([
      ['ok', 'a', 2],
      ['fine', 'c', 4],
      ['good', 'd', 6],
    ]);
    expect(skipped).toEqual({ unterminatedQuote: 1, extraFields: 1 });
  });
});

describe('a bad first record under skip', () => {
  it('is refused when it may be the header, so that no data row is taken for the header', async () => {
    for (const [name, header] of [
      ['bad-header.csv', '"text,label\n'],
      ['bad-quote-header.csv', '"te"xt,label\n'],
    ] as const) {
      const file = write(name, `${header}hello world,pos\nbad day,neg\ngood,pos\n`);
      for (const headerMode of ['present', 'auto'] as const) {
        await expect(
          readAll(readCsv(file, { text: 0, label: 1, header: headerMode, onInvalid: 'skip' })),
        ).rejects.toThrow(
          new RegExp(
            `${name}, line 1: .*\\(the first record, which may be the header, is never skipped\\)`,
          ),
        );
      }
    }
  });

  it('is skipped and counted in a file without a header, like any other record', async () => {
    const file = write('bad-first-row.csv', '"bad" row,a\nhello world,pos\ngood,neg\n');
    const { records, skipped } = await readAll(
      readCsv(file, { text: 0, label: 1, header: 'absent', onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['hello world', 'pos', 2],
      ['good', 'neg', 3],
    ]);
    expect(skipped).toEqual({ malformedRow: 1 });
  });
});

describe('text that is not a string', () => {
  it('refuses a JSONL text that is a number instead of stringifying it', async () => {
    const file = write('number.jsonl', '{"text":"fine","label":1}\n{"text":42,"label":0}\n');
    await expect(readAll(readJsonl(file, columns))).rejects.toThrow(
      `${file}, line 2: the text field "text" is a number; expected a string`,
    );
    const { records, skipped } = await readAll(readJsonl(file, { ...columns, onInvalid: 'skip' }));
    expect(brief(records)).toEqual([['fine', '1', 1]]);
    expect(skipped).toEqual({ textNotString: 1 });
  });
});

describe('empty files', () => {
  it('says which file is empty', async () => {
    const file = write('empty.csv', '');
    const error = await readAll(readCsv(file, columns)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toBe(`${file}: is empty (it holds no records)`);
  });

  it('says a file with only a header holds no records', async () => {
    const file = write('header-only.csv', 'text,label\n');
    await expect(readAll(readCsv(file, columns))).rejects.toThrow(
      `${file}: is empty (it holds no records)`,
    );
  });

  it('says how many records were skipped when none was valid', async () => {
    const file = write('all-bad.jsonl', '{"text":"","label":1}\n{"text":"  ","label":0}\n');
    await expect(readAll(readJsonl(file, { ...columns, onInvalid: 'skip' }))).rejects.toThrow(
      `${file}: holds no valid records (2 skipped: emptyText 2)`,
    );
  });

  it('names an empty validation file at encoding, not "LabelMap: no labels"', async () => {
    const train = write('train.csv', 'text,label\ngood,pos\nbad,neg\n');
    const dev = write('dev.csv', '');
    const error = await encodeDataset(
      { train: readCsv(train, columns), dev: readCsv(dev, columns) },
      { maxLen: 4 },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`${dev}: is empty (it holds no records)`);
  });
});

describe('text and label naming the same column', () => {
  it('refuses the same name or position when the reader is made', () => {
    const file = write('same.csv', 'text,label\na,b\n');
    expect(() => readCsv(file, { text: 'text', label: 'text' })).toThrow(OptionsError);
    expect(() => readCsv(file, { text: 'text', label: 'text' })).toThrow(
      /^readCsv: text: names the column "text", as the label does; label: names the column "text" too; the label must come from another column$/,
    );
    expect(() => readJsonl(file, { text: 0, label: 0 })).toThrow(
      /text: names column 0, as the label does; label: names column 0 too/,
    );
  });

  it('refuses a name and a position that resolve to the same column, naming the file', async () => {
    const file = write('same2.csv', 'text,label\na,b\n');
    await expect(readAll(readCsv(file, { text: 'text', label: 0 }))).rejects.toThrow(
      `${file}, line 1: text: names column 0 ("text"), as the label does; label: names column 0 ("text") too`,
    );
  });
});

describe('one number written two ways as labels', () => {
  it('refuses "1.0" after "1" in training, naming both places', async () => {
    const file = write('spellings.csv', 'text,label\ngood,1\nbad,2\nfine,1.0\n');
    const error = await encodeDataset({ train: readCsv(file, columns) }, { maxLen: 4 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toContain(
      `${file}, line 4: the label "1.0" is the number "1" (${file}, line 2) written another way; labels are matched as written, so they would be two classes: write each class's label one way`,
    );
  });

  it.each([['01'], ['+1'], ['1e0']])('refuses %s beside 1', async (other) => {
    const file = write('spellings2.csv', `text,label\ngood,1\nbad,${other}\n`);
    await expect(encodeDataset({ train: readCsv(file, columns) }, { maxLen: 4 })).rejects.toThrow(
      `the label "${other}" is the number "1"`,
    );
  });

  it('takes distinct numbers and words as they are', async () => {
    const file = write('spellings3.csv', 'text,label\na,1\nb,10\nc,0.5\nd,one\ne,1\n');
    const encoded = await encodeDataset({ train: readCsv(file, columns) }, { maxLen: 4 });
    expect(encoded.labels.labels).toEqual(['0.5', '1', '10', 'one']);
  });
});

describe('labels unknown to training', () => {
  const train = () => write('lt-train.csv', 'text,label\ngood food,pos\nbad food,neg\nnice,pos\n');
  const test = () =>
    write('lt-test.csv', 'text,label\ngreat,pos\ncooking show,cooking\nawful,neg\n');

  it('refuses a test label that training never saw, naming file and line', async () => {
    const testFile = test();
    const error = await encodeDataset(
      { train: readCsv(train(), columns), test: readCsv(testFile, columns) },
      { maxLen: 4 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toContain(
      `${testFile}, line 3: the label "cooking" does not occur in the training data (labels: "neg", "pos")`,
    );
    expect((error as DatasetError).remedy?.option).toBe('unknownLabels');
  });

  it.each([1, 2] as const)(
    'drops and counts them, per file, with unknownLabels: skip (passes: %i)',
    async (passes) => {
      const testFile = test();
      const encoded = await encodeDataset(
        { train: readCsv(train(), columns), test: readCsv(testFile, columns) },
        { maxLen: 4, unknownLabels: 'skip', passes },
      );
      expect(encoded.labels.labels).toEqual(['neg', 'pos']);
      expect(encoded.shape).toEqual([5, 4]);
      expect(Array.from(encoded.split!.test)).toEqual([3, 4]);
      expect(encoded.skipped).toEqual({ unknownLabel: 1 });
      const testStats = encoded.stats.parts.find((p) => p.name === 'test')!;
      expect(testStats.records).toBe(2);
      expect(testStats.files).toEqual([
        {
          file: testFile,
          records: 2,
          skipped: { unknownLabel: 1 },
          firstSkipped: [{ line: 3, reason: 'unknownLabel' }],
        },
      ]);
      // The dropped document was not fitted either.
      expect(encoded.tokenizer.wordIndex.has('cooking')).toBe(false);
    },
  );
});

describe('counts by reason and file', () => {
  it('keeps the count of dropped unknown labels when a wrapper leaves out the per-file figures', async () => {
    const train = write('w-train.csv', 'text,label\ngood,pos\nbad,neg\n');
    const test = write('w-test.csv', 'text,label\nok,pos\nodd,maybe\n');
    const bare =
      (open: RecordSource): RecordSource =>
      () => {
        const stream = open();
        return {
          get skipped() {
            return stream.skipped;
          },
          [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
        };
      };
    const encoded = await encodeDataset(
      { train: bare(readCsv(train, columns)), test: bare(readCsv(test, columns)) },
      { maxLen: 2, unknownLabels: 'skip' },
    );
    expect(encoded.skipped).toEqual({ unknownLabel: 1 });
    expect(encoded.stats.parts[1]!.files[0]).toMatchObject({
      file: test,
      skipped: { unknownLabel: 1 },
    });
  });

  it('reports how many figshare Yelp reviews with empty text were dropped, with the file', async () => {
    const lines = [',review_id,stars,text'];
    for (let i = 0; i < 20; i++)
      lines.push(`${i},r${i},${(i % 5) + 1},${i % 7 === 3 ? '' : `review ${i}`}`);
    const file = write('yelp_2013.csv', `${lines.join('\n')}\n`);
    const encoded = await encodeDataset(readFigshareYelp(file, { onInvalid: 'skip' }), {
      maxLen: 4,
    });
    // i = 3, 10, 17 have empty text.
    expect(encoded.shape[0]).toBe(17);
    expect(encoded.skipped).toEqual({ emptyText: 3 });
    expect(encoded.stats.skippedTotal).toBe(3);
    expect(encoded.stats.parts).toEqual([
      {
        name: 'all',
        records: 17,
        files: [
          {
            file,
            records: 17,
            skipped: { emptyText: 3 },
            firstSkipped: [
              { line: 5, reason: 'emptyText' },
              { line: 12, reason: 'emptyText' },
              { line: 19, reason: 'emptyText' },
            ],
          },
        ],
      },
    ]);
  });
});

describe('messages never echo huge input', () => {
  it('truncates a quoted label to about 80 characters', async () => {
    const long = 'x'.repeat(5000);
    const file = write('long-label.csv', `,stars,text\n0,${long},fine\n`);
    const error = (await readAll(readFigshareYelp(file)).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('stars is "xxxx');
    expect(error.message).toContain('(5000 characters)');
    expect(error.message.length).toBeLessThan(file.length + 300);
  });

  it('refuses a record longer than maxRecordChars without echoing it, and skips it under skip', async () => {
    const file = write('long-field.csv', `text,label\nok,a\n${'y'.repeat(500)},b\nfine,c\n`);
    const error = (await readAll(readCsv(file, { ...columns, maxRecordChars: 100 })).catch(
      (e: unknown) => e,
    )) as DatasetError;
    expect(error.message).toContain(`${file}, line 3: the record is longer than 100 characters`);
    expect(error.message).not.toContain(
      'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy',
    );
    expect(error.remedy?.option).toBe('maxRecordChars');
    const { records, skipped } = await readAll(
      readCsv(file, { ...columns, maxRecordChars: 100, onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['ok', 'a', 2],
      ['fine', 'c', 4],
    ]);
    expect(skipped).toEqual({ recordTooLong: 1 });
  });

  it('bounds an unterminated quote by maxRecordChars rather than reading the rest of the file into one field', async () => {
    const body = Array.from({ length: 200 }, (_, i) => `row ${i},c`).join('\n');
    const file = write('open-quote.csv', `text,label\nok,a\n"never closed,b\n${body}\n`);
    const { records, skipped } = await readAll(
      readCsv(file, { ...columns, maxRecordChars: 100, onInvalid: 'skip' }),
    );
    expect(records.length).toBe(201);
    expect(records[1]).toMatchObject({ text: 'row 0', line: 4 });
    expect(skipped).toEqual({ recordTooLong: 1 });
  });

  it('refuses a header longer than maxRecordChars whatever the policy', async () => {
    const file = write('long-header.csv', `${'h'.repeat(300)},label\nok,a\n`);
    await expect(
      readAll(
        readCsv(file, {
          text: 0,
          label: 1,
          header: 'present',
          maxRecordChars: 100,
          onInvalid: 'skip',
        }),
      ),
    ).rejects.toThrow(`${file}, line 1: the record is longer than 100 characters`);
  });

  it('bounds a line of a line-based format too', async () => {
    const file = write(
      'long-line.jsonl',
      `{"text":"ok","label":1}\n{"text":"${'z'.repeat(400)}","label":0}\n{"text":"fine","label":0}\n`,
    );
    const { records, skipped } = await readAll(
      readJsonl(file, { ...columns, maxRecordChars: 100, onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['ok', '1', 1],
      ['fine', '0', 3],
    ]);
    expect(skipped).toEqual({ recordTooLong: 1 });
  });
});
