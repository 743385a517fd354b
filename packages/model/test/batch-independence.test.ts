// A row's predictions do not depend on the rows evaluated beside it: the same bits in one pass of
// 40 rows as in passes of 7 (evaluation's default batch is many rows, training's is not), for
// every architecture, with and without padding skipped, on cpu and wasm.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { buildClassifier, type ClassifierConfig } from '@srnn/model';

const ROWS = 40;
const T = 32;

/** Front-padded rows of 0 to 31 tokens, with repeats (equal subsequences share runs). */
function ids(): Int32Array {
  const x = new Int32Array(ROWS * T);
  for (let r = 0; r < ROWS; r += 1) {
    const words = (r * 7) % T;
    for (let p = T - words; p < T; p += 1) x[r * T + p] = 1 + ((r * 3 + p * p) % 29);
  }
  return x;
}

function predictIn(model: tf.LayersModel, x: Int32Array, rowsPerPass: number): Float32Array {
  const out: number[] = [];
  for (let start = 0; start < ROWS; start += rowsPerPass) {
    const rows = Math.min(rowsPerPass, ROWS - start);
    const batch = tf.tensor2d(x.subarray(start * T, (start + rows) * T), [rows, T], 'int32');
    const p = model.predict(batch, { batchSize: rows }) as tf.Tensor;
    out.push(...p.dataSync());
    tf.dispose([batch, p]);
  }
  return Float32Array.from(out);
}

const configs: [string, Partial<ClassifierConfig>][] = [
  ['SRNN(4,2)', { slicing: 'SRNN(4,2)' }],
  ['SRNN(4,2), padding skipped', { slicing: 'SRNN(4,2)', skipPadding: true }],
  ['BiSRNN(4,1) with attention', { slicing: 'BiSRNN(4,1)', attention: true, skipPadding: true }],
  ['GRU', { architecture: 'rnn' }],
  ['DCCNN', { architecture: 'dccnn' }],
];

describe.each(['cpu', 'wasm'] as const)('on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend({ backend, log: () => undefined });
  });

  test.each(configs)('%s: one pass of 40 rows gives the bits of passes of 7', (_, config) => {
    const model = buildClassifier({
      vocabularySize: 30,
      embeddingDim: 8,
      units: 6,
      classes: 3,
      maxLength: T,
      seed: 5,
      ...config,
    });
    const x = ids();
    expect(Array.from(predictIn(model, x, ROWS))).toEqual(Array.from(predictIn(model, x, 7)));
    model.dispose();
  });
});
