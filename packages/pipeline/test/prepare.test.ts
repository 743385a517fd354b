import { gatherRange } from '@srnn/eval';
import { Tokenizer } from '@srnn/text';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareData, type PreparedData } from '../src';
import { REVIEWS_CSV, temporaryDir, TOPICS_JSONL } from './helpers';

/** The fixture's rows parsed independently (it has no quoted commas beyond the text column). */
async function reviewRows(): Promise<{ text: string; label: string }[]> {
  const lines = (await readFile(REVIEWS_CSV, 'utf8')).trim().split('\n').slice(1);
  return lines.map((line) => {
    const match = /^"(.*)",(\w+)$/.exec(line);
    if (!match) throw new Error(`unexpected fixture line ${line}`);
    return { text: match[1]!, label: match[2]! };
  });
}

function rowsOf(data: PreparedData, part: 'train' | 'validation' | 'test'): string[] {
  const split = data[part];
  const [n, maxLen] = split.shape;
  const rows = gatherRange(split, 0, n);
  return Array.from(
    { length: n },
    (_, r) => `${Array.from(rows.x.subarray(r * maxLen, (r + 1) * maxLen)).join(' ')}|${rows.y[r]}`,
  );
}

describe('prepareData', () => {
  test('a CSV becomes 80/10/10 splits whose rows are the documents encoded by the tokenizer', async () => {
    const data = await prepareData(
      { kind: 'files', train: REVIEWS_CSV },
      { maxLength: 8, vocabulary: 1000, seed: 7 },
    );
    const documents = await reviewRows();
    expect(data.stats.documents).toBe(80);
    expect(data.stats.sizes).toEqual({ train: 64, validation: 8, test: 8 });
    expect(data.labels.labels).toEqual(['neg', 'pos']);
    expect(data.stats.classCounts).toEqual([40, 40]);
    expect(data.classes).toBe(2);

    // Independently: a tokenizer fitted on the same texts, every row encoded and labelled.
    const tokenizer = new Tokenizer({ numWords: 1000 }).fitOnTexts(documents.map((d) => d.text));
    expect(data.vocabularySize).toBe(tokenizer.wordIndex.size + 1);
    const expected = documents.map((d) => {
      const row = new Int32Array(8);
      tokenizer.encodeInto(d.text, row);
      return `${Array.from(row).join(' ')}|${d.label === 'pos' ? 1 : 0}`;
    });
    const actual = [
      ...rowsOf(data, 'train'),
      ...rowsOf(data, 'validation'),
      ...rowsOf(data, 'test'),
    ];
    expect([...actual].sort()).toEqual([...expected].sort());

    const meanTokens =
      documents.reduce((sum, d) => sum + Math.min(8, tokenizer.textToSequence(d.text).length), 0) /
      80;
    expect(data.stats.meanTokens).toBeCloseTo(meanTokens, 10);
  });

  test('the split depends on the seed and only on it', async () => {
    const options = { maxLength: 8, vocabulary: 1000 };
    const a = await prepareData({ kind: 'files', train: REVIEWS_CSV }, { ...options, seed: 1 });
    const b = await prepareData({ kind: 'files', train: REVIEWS_CSV }, { ...options, seed: 1 });
    const c = await prepareData({ kind: 'files', train: REVIEWS_CSV }, { ...options, seed: 2 });
    expect(rowsOf(a, 'test')).toEqual(rowsOf(b, 'test'));
    expect(rowsOf(a, 'test')).not.toEqual(rowsOf(c, 'test'));
  });

  test('JSONL with named fields, a vocabulary cap and a document limit', async () => {
    const data = await prepareData(
      { kind: 'files', train: TOPICS_JSONL, textField: 'text', labelField: 'topic' },
      { maxLength: 6, vocabulary: 20, seed: 3, limit: 30, split: [0.6, 0.2, 0.2] },
    );
    expect(data.stats.documents).toBe(30);
    expect(data.stats.sizes).toEqual({ train: 18, validation: 6, test: 6 });
    expect(data.labels.labels).toEqual(['cooking', 'sport', 'weather']);
    expect(data.vocabularySize).toBe(20);
    for (const split of [data.train, data.validation, data.test]) {
      expect(Math.max(...gatherRange(split, 0, split.shape[0]).x)).toBeLessThan(20);
    }
  });

  test('counts the records it skipped, also under a document limit', async () => {
    // 40 reviews, 3 with empty text (lines 4, 14 and 24 of the file, after the header).
    const { dir, cleanup } = await temporaryDir();
    const rows = Array.from({ length: 40 }, (_, i) =>
      i % 10 === 2 && i < 30
        ? `"",${i % 2 ? 'pos' : 'neg'}`
        : `"word${i % 7} food",${i % 2 ? 'pos' : 'neg'}`,
    );
    const file = join(dir, 'reviews.csv');
    await writeFile(file, `text,label\n${rows.join('\n')}\n`);
    try {
      for (const limit of [undefined, 100, 20]) {
        const data = await prepareData(
          { kind: 'files', train: file },
          { maxLength: 4, vocabulary: 50, seed: 1, onInvalid: 'skip', ...(limit ? { limit } : {}) },
        );
        // The first 20 kept records lie within the first 22 rows, which hold 2 empty texts.
        expect([data.stats.documents, data.stats.skipped]).toEqual(
          limit === 20 ? [20, { emptyText: 2 }] : [37, { emptyText: 3 }],
        );
      }
    } finally {
      await cleanup();
    }
  });

  test('separate test file: rows kept apart, validation carved from the training file', async () => {
    const data = await prepareData(
      { kind: 'files', train: REVIEWS_CSV, test: TOPICS_JSONL, labelField: 'label' },
      { maxLength: 8, vocabulary: 1000, seed: 1 },
    ).catch((error: Error) => error);
    // The topics file has no `label` field: records are invalid, and the error names the file.
    expect(data).toBeInstanceOf(Error);
    expect((data as Error).message).toContain('topics.jsonl');

    const parts = await prepareData(
      { kind: 'files', train: REVIEWS_CSV, test: REVIEWS_CSV },
      { maxLength: 8, vocabulary: 1000, seed: 1, split: [0.75, 0.25, 0] as never },
    ).catch((error: Error) => error);
    expect((parts as Error).message).toContain('every fraction must be > 0');

    const split = await prepareData(
      { kind: 'files', train: REVIEWS_CSV, test: REVIEWS_CSV },
      { maxLength: 8, vocabulary: 1000, seed: 1 },
    );
    // 80 test rows from the test file; the training file's 80 rows split 8:1 into train and validation.
    expect(split.stats.sizes).toEqual({ train: 72, validation: 8, test: 80 });
    expect([...rowsOf(split, 'train'), ...rowsOf(split, 'validation')].sort()).toEqual(
      [...rowsOf(split, 'test')].sort(),
    );
  });

  test('a test record whose label training never saw: refused naming file and line, or dropped and counted', async () => {
    const dir = await temporaryDir();
    try {
      const test = join(dir.dir, 'test.csv');
      // Line 3 has a label ("meh") that the training file never has.
      await writeFile(test, 'text,label\n"fine food",pos\n"so so",meh\n"bad food",neg\n');
      const source = { kind: 'files' as const, train: REVIEWS_CSV, test };
      const options = { maxLength: 8, vocabulary: 1000, seed: 1 };
      await expect(prepareData(source, options)).rejects.toThrow(
        `${test}, line 3: the label "meh" does not occur in the training data`,
      );
      const kept = await prepareData(source, { ...options, unknownLabels: 'skip' });
      expect(kept.stats.skipped).toEqual({ unknownLabel: 1 });
      expect(kept.stats.sizes.test).toBe(2);
      expect(kept.labels.labels).toEqual(['neg', 'pos']);
      expect(rowsOf(kept, 'test').length).toBe(2);
    } finally {
      await dir.cleanup();
    }
  });

  test('a headerless TSV with columns chosen by position reads the same documents as the CSV', async () => {
    const { dir, cleanup } = await temporaryDir();
    try {
      const tsv = join(dir, 'reviews.tsv');
      const documents = await reviewRows();
      await writeFile(tsv, documents.map((d) => `${d.label}\t${d.text}`).join('\n'));
      const options = { maxLength: 8, vocabulary: 1000, seed: 7 };
      const fromTsv = await prepareData(
        { kind: 'files', train: tsv, textField: 1, labelField: 0 },
        options,
      );
      const fromCsv = await prepareData({ kind: 'files', train: REVIEWS_CSV }, options);
      for (const part of ['train', 'validation', 'test'] as const) {
        expect(rowsOf(fromTsv, part)).toEqual(rowsOf(fromCsv, part));
      }
    } finally {
      await cleanup();
    }
  });

  test('an offline corpus, limited for a quick run', async () => {
    const data = await prepareData(
      { kind: 'corpus', id: 'uci-yelp' },
      { maxLength: 12, vocabulary: 500, seed: 2018, limit: 100 },
    );
    expect(data.stats.documents).toBe(100);
    expect(data.labels.labels).toEqual(['0', '1']);
    expect(data.stats.sizes.train + data.stats.sizes.validation + data.stats.sizes.test).toBe(100);
  });
});
