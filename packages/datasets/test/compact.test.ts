import { encodeDataset } from '../src/encode';
import { gatherBatch, splitRows } from '../src/row-split';
import { recordSource, type RecordSource } from '../src/records';
import { splitIndices } from '../src/split';
import { takeRows } from '../src/encode';

const memorySource = (rows: [string, string][]): RecordSource =>
  recordSource('error', async function* () {
    for (const [i, [text, label]] of rows.entries())
      yield { text, label, file: 'memory', line: i + 1 };
  });

const docs: [string, string][] = Array.from({ length: 40 }, (_, i) => [
  Array.from({ length: 1 + (i % 9) }, (_, j) => `w${(i * 7 + j * 3) % 23}`).join(' '),
  i % 3 === 0 ? 'a' : 'b',
]);

describe('compact token ids', () => {
  it.each([1, 2] as const)(
    'stores ids as Uint16Array when the vocabulary fits, with the same values (passes: %i)',
    async (passes) => {
      const wide = await encodeDataset(memorySource(docs), { maxLen: 6, passes });
      const compact = await encodeDataset(memorySource(docs), {
        maxLen: 6,
        passes,
        ids: 'compact',
      });
      expect(wide.x).toBeInstanceOf(Int32Array);
      expect(compact.x).toBeInstanceOf(Uint16Array);
      expect(Array.from(compact.x)).toEqual(Array.from(wide.x));
      expect(Array.from(compact.y)).toEqual(Array.from(wide.y));
    },
  );

  it('decides by the ids the fitted tokenizer emits, not by the numWords setting', async () => {
    // 23 words seen: ids fit 16 bits whatever numWords allows.
    const roomy = await encodeDataset(memorySource(docs), {
      maxLen: 4,
      ids: 'compact',
      tokenizerOptions: { numWords: 1_000_000 },
    });
    expect(roomy.tokenizer.vocabularySize).toBe(1_000_000);
    expect(roomy.tokenizer.largestId).toBe(23);
    expect(roomy.x).toBeInstanceOf(Uint16Array);
    const plain = await encodeDataset(memorySource(docs), { maxLen: 4 });
    expect(Array.from(roomy.x)).toEqual(Array.from(plain.x));
  });

  it('falls back to Int32Array for a vocabulary past 65,535 words, keeping every id', async () => {
    const many: [string, string][] = [];
    for (let d = 0; d < 70; d++) {
      many.push([Array.from({ length: 1000 }, (_, j) => `t${d * 1000 + j}`).join(' '), 'x']);
    }
    // 'fresh' is seen once, last: it ranks last, at index 70,001.
    many.push(['fresh t0', 'y']);
    const encoded = await encodeDataset(memorySource(many), { maxLen: 2, ids: 'compact' });
    expect(encoded.x).toBeInstanceOf(Int32Array);
    const last = encoded.x.subarray(70 * 2);
    expect(Array.from(last)).toEqual([70_001, encoded.tokenizer.wordIndex.get('t0')]);
    expect(encoded.tokenizer.wordIndex.get('fresh')).toBe(70_001);
  });
});

describe('splits as rows of one matrix', () => {
  it('shares the matrix and gathers int32 batches equal to copying the rows first', async () => {
    const encoded = await encodeDataset(memorySource(docs), { maxLen: 5, ids: 'compact' });
    const parts = splitIndices(encoded.shape[0], [0.8, 0.1, 0.1], 7);
    const train = splitRows(encoded, parts.train);
    expect(train.x).toBe(encoded.x);
    expect(train.shape).toEqual([parts.train.length, 5]);
    expect(Array.from(train.y)).toEqual(Array.from(parts.train, (r) => encoded.y[r]));

    // Reference: the old way, a copy of the split, then rows of the copy.
    const copied = takeRows(encoded, parts.train);
    const positions = [4, 0, 31, 4];
    const batch = gatherBatch(train, positions);
    expect(batch.x).toBeInstanceOf(Int32Array);
    expect([batch.rows, batch.maxLen]).toEqual([4, 5]);
    const expected = positions.flatMap((p) => Array.from(copied.x.subarray(p * 5, p * 5 + 5)));
    expect(Array.from(batch.x)).toEqual(expected);
    expect(Array.from(batch.y)).toEqual(positions.map((p) => copied.y[p]));
    expect(batch.nonPaddingTokens).toBe(expected.filter((id) => id !== 0).length);
  });

  it('reuses buffers when given, and refuses positions outside the split', async () => {
    const encoded = await encodeDataset(memorySource(docs), { maxLen: 3, ids: 'compact' });
    const split = splitRows(encoded, Int32Array.from([5, 9, 2]));
    const out = { x: new Int32Array(2 * 3), y: new Int32Array(2) };
    const batch = gatherBatch(split, [2, 1], out);
    expect(batch.x.buffer).toBe(out.x.buffer);
    expect(Array.from(batch.x)).toEqual([
      ...encoded.x.subarray(6, 9),
      ...encoded.x.subarray(27, 30),
    ]);
    expect(() => gatherBatch(split, [3])).toThrow(
      'gatherBatch: position 3 at 0 is out of range; the split has 3 rows',
    );
    expect(() => splitRows(encoded, [40])).toThrow(
      'splitRows: row index 40 at position 0 is out of range; expected an integer 0 to 39',
    );
  });

  it('reads a split without rows as its own rows, and refuses rows outside the matrix', () => {
    // Three rows of two ids, hand-written.
    const x = Uint16Array.from([0, 4, 5, 6, 0, 0]);
    const own = { x, shape: [3, 2] as const, y: Int32Array.from([1, 0, 1]) };
    const batch = gatherBatch(own, [2, 1]);
    expect(Array.from(batch.x)).toEqual([0, 0, 5, 6]);
    expect(Array.from(batch.y)).toEqual([1, 0]);
    expect(batch.nonPaddingTokens).toBe(2);
    const stray = {
      ...own,
      shape: [1, 2] as const,
      y: Int32Array.from([0]),
      rows: Int32Array.from([3]),
    };
    expect(() => gatherBatch(stray, [0])).toThrow(
      "gatherBatch: the split's row 0 is matrix row 3, outside the matrix's 3 rows",
    );
  });
});
