import { openCorpus } from '../src/corpora/catalog';
import { encodeDataset, type EncodeOptions } from '../src/encode';
import { recordSource, type RecordSource } from '../src/records';
import { gatherBatch, splitRows, storedRow, type RowSplit } from '../src/row-split';
import { splitIndices } from '../src/split';

const memorySource = (rows: [string, string][]): RecordSource =>
  recordSource('error', async function* () {
    for (const [i, [text, label]] of rows.entries())
      yield { text, label, file: 'memory', line: i + 1 };
  });

/** A small deterministic generator for positions (mulberry32). */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ragged rows', () => {
  // Matrix rows [5 6 7], [], [8], [9 10] at maxLen 3, worked out by hand.
  const ragged = (padding?: 'pre' | 'post'): RowSplit => ({
    x: Uint16Array.from([5, 6, 7, 8, 9, 10]),
    offsets: Uint32Array.from([0, 3, 3, 4, 6]),
    shape: [4, 3],
    y: Int32Array.from([0, 1, 2, 3]),
    ...(padding ? { padding } : {}),
  });

  it('pads each row on gathering: in front by default, behind with padding: post', () => {
    // A reused, dirty buffer: the padding must be written, not assumed.
    const out = { x: new Int32Array(12).fill(99), y: new Int32Array(4) };
    const front = gatherBatch(ragged(), [0, 1, 2, 3], out);
    expect(Array.from(front.x)).toEqual([5, 6, 7, 0, 0, 0, 0, 0, 8, 0, 9, 10]);
    expect(front.nonPaddingTokens).toBe(6);
    out.x.fill(99);
    const back = gatherBatch(ragged('post'), [3, 2, 1], out);
    expect(Array.from(back.x)).toEqual([9, 10, 0, 8, 0, 0, 0, 0, 0]);
    expect(Array.from(back.y)).toEqual([3, 2, 1]);
  });

  it('gathers a view of rows of a ragged matrix (splitRows keeps offsets and padding)', () => {
    const matrix = ragged('post');
    const view = splitRows(matrix, [3, 0]);
    expect(view.offsets).toBe(matrix.offsets);
    expect(view.x).toBe(matrix.x);
    expect(view.padding).toBe('post');
    expect(Array.from(gatherBatch(view, [0, 1]).x)).toEqual([9, 10, 0, 5, 6, 7]);
  });

  it.each([
    ['falling', [0, 3, 2, 4, 6], 'matrix row 1 has offsets 3 to 2'],
    ['longer than maxLen', [0, 4, 4, 4, 6], 'matrix row 0 has offsets 0 to 4'],
    ['past the ids', [0, 3, 3, 4, 7], 'matrix row 3 has offsets 4 to 7'],
  ])('refuses offsets %s, naming the row', (_what, offsets, message) => {
    const bad: RowSplit = { ...ragged(), offsets: Uint32Array.from(offsets) };
    expect(() => gatherBatch(bad, [0, 1, 2, 3])).toThrow(
      `gatherBatch: ${message}; each row's offsets must be integers that rise by 0 to 3 (maxLen) and stay within x's 6 ids`,
    );
  });

  it('refuses fractional offsets and rows the offsets do not cover', () => {
    const fractional: RowSplit = { ...ragged(), offsets: Float64Array.from([0, 1.5, 3, 4, 6]) };
    expect(() => gatherBatch(fractional, [0])).toThrow('matrix row 0 has offsets 0 to 1.5');
    const short: RowSplit = { ...ragged(), offsets: Uint32Array.from([0, 3, 3]) };
    expect(() => gatherBatch(short, [2])).toThrow(
      "gatherBatch: the split's row 2 is matrix row 2, outside the matrix's 2 rows",
    );
    expect(() => storedRow(short, 2)).toThrow(
      "storedRow: matrix row 2 is outside the matrix's 2 rows",
    );
    expect(Array.from(storedRow(short, 0))).toEqual([5, 6, 7]);
    expect(Array.from(storedRow(short, 1))).toEqual([]);
  });

  it('truncates at maxLen as the dense encoding does, and keeps empty rows', async () => {
    const docs: [string, string][] = [
      ['a b c d e', 'x'],
      ['!!!', 'y'], // no words: an empty row
      ['b c', 'x'],
    ];
    for (const truncating of ['pre', 'post'] as const) {
      const encoded = await encodeDataset(memorySource(docs), {
        maxLen: 3,
        truncating,
        layout: 'ragged',
        unknownLabels: 'skip',
      });
      const { wordIndex } = encoded.tokenizer;
      const ids = (words: string) => words.split(' ').map((w) => wordIndex.get(w)!);
      const first = truncating === 'pre' ? ids('c d e') : ids('a b c');
      // No padding stored: 3 + 0 + 2 ids.
      expect(Array.from(encoded.x)).toEqual([...first, ...ids('b c')]);
      expect(Array.from(encoded.offsets!)).toEqual([0, 3, 3, 5]);
      const all = splitRows(encoded, [0, 1, 2]);
      expect(Array.from(gatherBatch(all, [0, 1, 2]).x)).toEqual([
        ...first,
        ...[0, 0, 0],
        ...[0, ...ids('b c')],
      ]);
    }
  });

  const settings: [string, EncodeOptions][] = [
    ['one pass, compact, pre', { maxLen: 12, ids: 'compact', tokenizerOptions: { numWords: 300 } }],
    ['two passes, int32, post/post', { maxLen: 9, passes: 2, padding: 'post', truncating: 'post' }],
    [
      'two passes, compact, an OOV token, pre/post',
      {
        maxLen: 16,
        passes: 2,
        ids: 'compact',
        truncating: 'post',
        tokenizerOptions: { numWords: 200, oovToken: '<oov>' },
      },
    ],
  ];
  it.each(settings)(
    'gathers exactly the dense encoding of a real corpus (%s)',
    async (_name, options) => {
      const dense = await encodeDataset(openCorpus('uci-yelp').records, options);
      const ragged = await encodeDataset(openCorpus('uci-yelp').records, {
        ...options,
        layout: 'ragged',
      });
      expect(ragged.x.constructor).toBe(dense.x.constructor);
      expect(Array.from(ragged.y)).toEqual(Array.from(dense.y));
      const [n, maxLen] = dense.shape;
      expect(ragged.shape).toEqual(dense.shape);
      // Only real ids are stored: as many as the dense matrix's non-zero ids.
      expect(ragged.x.length).toBe(dense.x.filter((id) => id !== 0).length);
      expect(ragged.x.length).toBeLessThan(n * maxLen);
      const parts = splitIndices(n, [0.8, 0.1, 0.1], 7);
      for (const rows of [parts.train, parts.dev, parts.test]) {
        const fromDense = splitRows(dense, rows);
        const fromRagged = splitRows(ragged, rows);
        const draw = uniform(rows.length);
        const positions = Array.from({ length: 64 }, () => Math.floor(draw() * rows.length));
        const a = gatherBatch(fromDense, positions);
        const b = gatherBatch(fromRagged, positions);
        expect(Array.from(b.x)).toEqual(Array.from(a.x));
        expect(Array.from(b.y)).toEqual(Array.from(a.y));
        expect(b.nonPaddingTokens).toBe(a.nonPaddingTokens);
      }
      // And every row, in order.
      const everyRow = Array.from({ length: n }, (_, i) => i);
      expect(Array.from(gatherBatch(splitRows(ragged, everyRow), everyRow).x)).toEqual(
        Array.from(dense.x),
      );
    },
  );
});
