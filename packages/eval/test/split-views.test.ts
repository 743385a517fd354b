import * as tf from '@tensorflow/tfjs';
import {
  accuracy,
  assertValidSplit,
  confusionMatrix,
  evaluateClassifier,
  gatherRange,
  gatherRows,
  sparseCategoricalCrossEntropy,
  trainClassifier,
  type CompletedTraining,
  type EncodedSplit,
} from '../src';
import { temporaryDirectory, tinyModel, toySplit, useCpuBackend } from './helpers';

beforeAll(useCpuBackend);

// Four rows of three ids; the split takes matrix rows 3, 0 and 2, in that order.
const MATRIX = [0, 1, 2, 3, 4, 5, 0, 0, 6, 7, 8, 9];
const viewOf = (x: Int32Array | Uint16Array): EncodedSplit => ({
  x,
  shape: [3, 3],
  y: Int32Array.from([2, 0, 1]),
  rows: Int32Array.from([3, 0, 2]),
});

describe('a split as rows of a shared matrix', () => {
  it.each([
    ['Uint16Array', Uint16Array.from(MATRIX)],
    ['Int32Array', Int32Array.from(MATRIX)],
  ])('gathers the rows it names from a %s matrix as int32', (_name, x) => {
    const split = viewOf(x);
    assertValidSplit('train', split, 3);
    const batch = gatherRows(split, [0, 2]);
    expect(batch.x).toBeInstanceOf(Int32Array);
    expect(Array.from(batch.x)).toEqual([7, 8, 9, 0, 0, 6]);
    expect(Array.from(batch.y)).toEqual([2, 1]);
    expect([batch.rows, batch.maxLen, batch.nonPaddingTokens]).toEqual([2, 3, 4]);
    const range = gatherRange(split, 1, 3);
    expect(Array.from(range.x)).toEqual([0, 1, 2, 0, 0, 6]);
    expect(Array.from(range.y)).toEqual([0, 1]);
    expect(range.nonPaddingTokens).toBe(3);
  });

  it('reads a split without rows as its own rows in order', () => {
    const own: EncodedSplit = { x: Uint16Array.from(MATRIX), shape: [4, 3], y: new Int32Array(4) };
    assertValidSplit('own', own);
    expect(Array.from(gatherRows(own, [3, 1]).x)).toEqual([7, 8, 9, 3, 4, 5]);
  });

  it('refuses rows outside the matrix, and positions outside the split, naming them', () => {
    const x = Uint16Array.from(MATRIX);
    const bad: EncodedSplit = { ...viewOf(x), rows: Int32Array.from([3, 4, 0]) };
    expect(() => assertValidSplit('train', bad)).toThrow(
      'train.rows[1] = 4 is outside the matrix: x holds 4 rows, so rows must be in [0, 3]',
    );
    expect(() => gatherRows(bad, [1])).toThrow(
      "gatherBatch: the split's row 1 is matrix row 4, outside the matrix's 4 rows",
    );
    expect(() => gatherRows(viewOf(x), [3])).toThrow(
      'gatherBatch: position 3 at 0 is out of range; the split has 3 rows',
    );
    expect(() =>
      assertValidSplit('validation', { ...viewOf(x), rows: Int32Array.from([0, 1]) }),
    ).toThrow('validation.rows has 2 rows but shape says n = 3');
    expect(() =>
      assertValidSplit('test', { ...viewOf(Uint16Array.from(MATRIX.slice(1))) }),
    ).toThrow('test.x has 11 ids, not a whole number of rows of maxLen = 3');
  });

  it.each([
    [2, 1],
    [0, 4],
    [-1, 2],
    [0.5, 2],
  ])('refuses rows [%p, %p), which are not a range of the split, naming them', (start, end) => {
    expect(() => gatherRange(viewOf(Uint16Array.from(MATRIX)), start, end)).toThrow(
      `gatherRange: rows [${start}, ${end}) are not a range of the split's 3 rows; give integers with 0 <= start <= end <= 3`,
    );
  });
});

describe('a split of a ragged matrix', () => {
  // The same four rows as MATRIX, stored without their front padding.
  const ragged = (offsets: number[]): EncodedSplit => ({
    x: Uint16Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
    offsets: Uint32Array.from(offsets),
    shape: [3, 3],
    y: Int32Array.from([2, 0, 1]),
    rows: Int32Array.from([3, 0, 2]),
  });

  it('gathers the rows the dense matrix holds', () => {
    const split = ragged([0, 2, 5, 6, 9]);
    assertValidSplit('train', split, 3);
    expect(Array.from(gatherRange(split, 0, 3).x)).toEqual(
      Array.from(gatherRange(viewOf(Int32Array.from(MATRIX)), 0, 3).x),
    );
  });

  it('refuses offsets that do not describe rows, naming the entry', () => {
    expect(() => assertValidSplit('train', ragged([0, 2, 6, 6, 9]))).toThrow(
      "train.offsets[2] = 6 after 2: each row's offsets must be integers that rise by 0 to 3 (maxLen) and stay within x's 9 ids",
    );
    expect(() => assertValidSplit('train', ragged([0, 2, 5, 6, 10]))).toThrow(
      'train.offsets[4] = 10 after 6',
    );
    expect(() => assertValidSplit('train', ragged([1, 2, 5, 6, 9]))).toThrow(
      'train.offsets must start with 0',
    );
    expect(() => assertValidSplit('train', ragged([0, 2, 5]))).toThrow(
      'train.rows[0] = 3 is outside the matrix: x holds 2 rows',
    );
  });
});

/** `split`'s rows copied out with a plain loop: the reference a view must match. */
function copyOut(split: EncodedSplit): { x: Int32Array; y: Int32Array } {
  const [n, maxLen] = split.shape;
  const x = new Int32Array(n * maxLen);
  for (let i = 0; i < n; i++) {
    const row = split.rows ? split.rows[i]! : i;
    for (let t = 0; t < maxLen; t++) x[i * maxLen + t] = split.x[row * maxLen + t]!;
  }
  return { x, y: split.y.slice() };
}

/** A Uint16 view over a shuffled subset of the rows of `pool`. */
function compactView(pool: EncodedSplit<Int32Array>, rows: number[]): EncodedSplit {
  return {
    x: Uint16Array.from(pool.x),
    shape: [rows.length, pool.shape[1]],
    y: Int32Array.from(rows, (r) => pool.y[r]!),
    rows: Int32Array.from(rows),
  };
}

/** The same view stored ragged: each row without its leading zeros (front padding). */
function raggedView(pool: EncodedSplit<Int32Array>, rows: number[]): EncodedSplit {
  const [n, maxLen] = pool.shape;
  const ids: number[] = [];
  const offsets = new Uint32Array(n + 1);
  for (let r = 0; r < n; r++) {
    const row = Array.from(pool.x.subarray(r * maxLen, (r + 1) * maxLen));
    const first = row.findIndex((id) => id !== 0);
    if (first >= 0) ids.push(...row.slice(first));
    offsets[r + 1] = ids.length;
  }
  return { ...compactView(pool, rows), x: Uint16Array.from(ids), offsets };
}

describe('evaluation and training over a compact view', () => {
  const pool = toySplit(40, { classes: 3, seed: 11 });
  const picked = [
    37, 2, 19, 5, 28, 11, 0, 33, 14, 21, 8, 26, 39, 17, 3, 30, 9, 24, 12, 35, 6, 1, 22,
  ];

  it('evaluates in batches exactly as one prediction over the copied rows', async () => {
    const model = tinyModel({ vocab: 30, classes: 3, seed: 5 });
    const view = compactView(pool, picked);
    const copied = copyOut(view);
    const probabilities = tf.tidy(
      () => model.predict(tf.tensor2d(copied.x, [picked.length, 6], 'int32')) as tf.Tensor,
    );
    const predicted = Array.from(tf.tidy(() => probabilities.argMax(-1)).dataSync());
    const loss = tf.tidy(() =>
      sparseCategoricalCrossEntropy(probabilities, tf.tensor1d(copied.y, 'int32')),
    );
    const expectedLoss = loss.dataSync()[0]!;
    tf.dispose([probabilities, loss]);
    const result = await evaluateClassifier(model, view, { batchSize: 4 });
    expect(result.count).toBe(picked.length);
    expect(result.confusion).toEqual(confusionMatrix(copied.y, predicted, 3));
    expect(result.accuracy).toBeCloseTo(accuracy(copied.y, predicted), 12);
    expect(result.loss).toBeCloseTo(expectedLoss, 5);
    model.dispose();
  });

  it('trains to the same weights from Uint16 and ragged views as from an Int32 copy', async () => {
    const train = compactView(pool, picked);
    const validation = compactView(pool, [4, 7, 10, 13, 16]);
    const outcomes: number[][] = [];
    const weights: Float32Array[][] = [];
    for (const [t, v] of [
      [train, validation],
      [raggedView(pool, picked), raggedView(pool, [4, 7, 10, 13, 16])],
      [
        { ...copyOut(train), shape: train.shape },
        { ...copyOut(validation), shape: validation.shape },
      ],
    ] as const) {
      const dir = await temporaryDirectory();
      const model = tinyModel({ vocab: 30, classes: 3, seed: 5 });
      try {
        const result = (await trainClassifier({
          model,
          train: t,
          validation: v,
          outputDir: dir.path,
          batchSize: 5,
          epochs: 2,
          seed: 3,
          progress: 'none',
        })) as CompletedTraining;
        outcomes.push(result.history.flatMap((r) => [r.loss, r.validationLoss, r.tokens]));
        weights.push(model.getWeights().map((w) => w.dataSync() as Float32Array));
      } finally {
        model.dispose();
        await dir.cleanup();
      }
    }
    expect(outcomes[0]).toEqual(outcomes[2]);
    expect(outcomes[1]).toEqual(outcomes[2]);
    expect(weights[0]).toEqual(weights[2]);
    expect(weights[1]).toEqual(weights[2]);
  });
});
