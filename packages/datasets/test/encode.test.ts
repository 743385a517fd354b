import { padSequences, Tokenizer } from '@srnn/text';
import { encodeDataset, takeRows, type EncodeOptions } from '../src/encode';
import { readCsv } from '../src/formats/delimited';
import { readTangSs } from '../src/formats/tang-ss';
import { openCorpus } from '../src/corpora/catalog';
import { LabelMap } from '../src/label-map';
import { recordSource, type RecordSource, type TextRecord } from '../src/records';
import { fixture } from './helpers';

const memorySource = (rows: [string, string][]): RecordSource =>
  recordSource('error', async function* () {
    for (const [i, [text, label]] of rows.entries())
      yield { text, label, file: 'memory', line: i + 1 };
  });

const STARS = ['1', '2', '3', '4', '5'];

const rows: [string, string][] = [
  ['the cat sat on the mat', 'pos'],
  ['the dog', 'neg'],
  ['a cat and a dog and the mat and more words here', 'pos'],
];

describe('encodeDataset', () => {
  it('equals fitting a tokenizer on all texts then padSequences (pre, pre), done another way', async () => {
    const encoded = await encodeDataset(memorySource(rows), { maxLen: 6 });
    const reference = new Tokenizer().fitOnTexts(rows.map(([t]) => t));
    const padded = padSequences(
      rows.map(([t]) => reference.textToSequence(t)),
      { maxLen: 6 },
    );
    expect(encoded.shape).toEqual([3, 6]);
    expect(Array.from(encoded.x)).toEqual(Array.from(padded.data));
    expect(encoded.labels.labels).toEqual(['neg', 'pos']);
    expect(Array.from(encoded.y)).toEqual([1, 0, 1]);
    expect(encoded.skipped).toEqual({});
    expect(encoded.split).toBeUndefined();
  });

  it('writes the hand-worked rows for post padding and post truncating', async () => {
    // Word ranks by frequency (ties by first appearance): the 1, and 2, cat 3, mat 4, dog 5, a 6 ...
    const encoded = await encodeDataset(memorySource(rows), {
      maxLen: 4,
      padding: 'post',
      truncating: 'post',
    });
    const { wordIndex } = encoded.tokenizer;
    const id = (w: string) => wordIndex.get(w);
    expect([id('the'), id('and'), id('cat'), id('mat'), id('dog'), id('a')]).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    expect(Array.from(encoded.x)).toEqual([1, 3, 7, 8, 1, 5, 0, 0, 6, 3, 2, 6]);
  });

  it('reuses a fitted tokenizer and given labels; an unknown label names file and line', async () => {
    const tokenizer = new Tokenizer().fitOnTexts(['cat dog']);
    const encoded = await encodeDataset(memorySource([['dog cat bird', 'pos']]), {
      maxLen: 3,
      tokenizer,
      labels: ['neg', 'pos'],
    });
    expect(Array.from(encoded.x)).toEqual([0, 2, 1]);
    expect(Array.from(encoded.y)).toEqual([1]);
    await expect(
      encodeDataset(memorySource([['dog', 'neutral']]), {
        maxLen: 3,
        labels: LabelMap.fromLabels(['neg', 'pos']),
      }),
    ).rejects.toThrow(
      'memory, line 1: the label "neutral" is not one of the given labels (labels: "neg", "pos")',
    );
  });

  it('reports the skipped records of a file', async () => {
    const source = readCsv(fixture('generic', 'reviews.csv'), {
      text: 'review',
      label: 'sentiment',
      onInvalid: 'skip',
    });
    const encoded = await encodeDataset(source, { maxLen: 5 });
    expect(encoded.shape).toEqual([3, 5]);
    expect(encoded.skipped).toEqual({ emptyText: 1, missingLabel: 1 });
  });

  it('keeps a predefined split and can fit on the training part only', async () => {
    const part = (name: string) => readTangSs(fixture('paper', `yelp-2014-seg-20-20.${name}.ss`));
    const encoded = await encodeDataset(
      { train: part('train'), dev: part('dev'), test: part('test') },
      { maxLen: 8, fitOn: 'train', labels: ['1', '2', '3', '4', '5'] },
    );
    expect(encoded.shape).toEqual([5, 8]);
    expect(
      encoded.split && [
        Array.from(encoded.split.train),
        Array.from(encoded.split.dev),
        Array.from(encoded.split.test),
      ],
    ).toEqual([[0, 1, 2], [3], [4]]);
    // 'awful' (dev) and 'okay' (test) were not seen in fitting.
    expect(encoded.tokenizer.wordIndex.has('awful')).toBe(false);
    expect(encoded.tokenizer.wordIndex.has('nice')).toBe(true);
    expect(Array.from(encoded.y)).toEqual([4, 1, 3, 0, 2]);
  });

  it('with two passes, fails clearly when a source yields a different count on the second pass', async () => {
    let pass = 0;
    const unstable: RecordSource = () => {
      pass++;
      const n = pass === 1 ? 2 : 3;
      return recordSource('error', async function* () {
        for (let i = 0; i < n; i++)
          yield { text: 'x', label: 'a', file: 'f', line: i + 1 } satisfies TextRecord;
      })();
    };
    await expect(encodeDataset(unstable, { maxLen: 2, passes: 2 })).rejects.toThrow(
      /different number of records on the second pass/,
    );
  });

  it('gives the same result in one pass as in two, for every mode of padding, fitting and labels', async () => {
    const { records } = openCorpus('uci-amazon');
    const part = (name: string) => readTangSs(fixture('paper', `yelp-2014-seg-20-20.${name}.ss`));
    const split = () => ({ train: part('train'), dev: part('dev'), test: part('test') });
    const given = new Tokenizer({ numWords: 50 }).fitOnTexts(['great phone', 'bad battery, bad']);
    const cases: [RecordSource | ReturnType<typeof split>, EncodeOptions][] = [
      [records, { maxLen: 12, tokenizerOptions: { numWords: 300 } }],
      [records, { maxLen: 12, padding: 'post', truncating: 'post' }],
      [
        records,
        { maxLen: 5, truncating: 'post', tokenizerOptions: { numWords: 40, oovToken: '?' } },
      ],
      [records, { maxLen: 7, padding: 'post', tokenizer: given, labels: ['1', '0'] }],
      [split(), { maxLen: 8, fitOn: 'train', tokenizerOptions: { numWords: 6 }, labels: STARS }],
      [split(), { maxLen: 3, truncating: 'post', labels: STARS }],
    ];
    for (const [source, options] of cases) {
      const once = await encodeDataset(source, options);
      const twice = await encodeDataset(source, { ...options, passes: 2 });
      expect(Array.from(once.x)).toEqual(Array.from(twice.x));
      expect(Array.from(once.y)).toEqual(Array.from(twice.y));
      expect([once.shape, once.labels.labels, once.skipped, once.split]).toEqual([
        twice.shape,
        twice.labels.labels,
        twice.skipped,
        twice.split,
      ]);
      expect(once.tokenizer.toJSON()).toEqual(twice.tokenizer.toJSON());
    }
  });

  it('in one pass, reads each source once', async () => {
    let opened = 0;
    const counted: RecordSource = () => {
      opened++;
      return memorySource(rows)();
    };
    const encoded = await encodeDataset(counted, { maxLen: 4 });
    expect(opened).toBe(1);
    expect(encoded.shape).toEqual([3, 4]);
  });

  it('validates options, naming the field', async () => {
    await expect(encodeDataset(memorySource(rows), { maxLen: 4, passes: 3 as 1 })).rejects.toThrow(
      'encodeDataset: passes: must be 1 or 2',
    );
    await expect(encodeDataset(memorySource(rows), { maxLen: 0 })).rejects.toThrow(
      /encodeDataset: maxLen/,
    );
    await expect(
      encodeDataset(memorySource(rows), { maxLen: 4, padding: 'both' as 'pre' }),
    ).rejects.toThrow(/padding: .*"pre"\|"post"/);
  });
});

describe('takeRows', () => {
  it('copies the chosen rows and labels in the order given', async () => {
    const encoded = await encodeDataset(memorySource(rows), { maxLen: 3 });
    const taken = takeRows(encoded, [2, 0]);
    expect(taken.shape).toEqual([2, 3]);
    expect(Array.from(taken.x)).toEqual([...encoded.x.subarray(6, 9), ...encoded.x.subarray(0, 3)]);
    expect(Array.from(taken.y)).toEqual([encoded.y[2], encoded.y[0]]);
    expect(() => takeRows(encoded, [3])).toThrow(
      'row index 3 at position 0 is out of range; expected an integer 0 to 2',
    );
  });
});
