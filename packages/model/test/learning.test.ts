import * as tf from '@tensorflow/tfjs';
import '@srnn/cell-lstm';
import { buildClassifier, type ClassifierConfig } from '@srnn/model';

// A task that needs order and long-range information: each row of T = 16 tokens holds one A (1)
// and one B (2) at random places among noise tokens (3..7); the class is "A comes before B".
const length = 16;
function orderTask(rows: number, seed: number): { ids: tf.Tensor2D; labels: tf.Tensor2D } {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648; // a small LCG: reproducible data
    return state / 2147483648;
  };
  const data: number[][] = [];
  const classes: number[] = [];
  for (let r = 0; r < rows; r += 1) {
    const row = Array.from({ length }, () => 3 + Math.floor(random() * 5));
    const a = Math.floor(random() * length);
    let b = Math.floor(random() * (length - 1));
    if (b >= a) b += 1;
    row[a] = 1;
    row[b] = 2;
    data.push(row);
    classes.push(a < b ? 1 : 0);
  }
  return {
    ids: tf.tensor2d(data, [rows, length], 'int32'),
    labels: tf.oneHot(tf.tensor1d(classes, 'int32'), 2) as tf.Tensor2D,
  };
}

// One-hot token vectors, frozen: the test is about the sequence models (and the cpu backend's
// embedding gradient is slow).
const oneHot = tf.tidy(() => tf.eye(8).dataSync() as Float32Array);
const common = {
  vocabularySize: 8,
  embeddingDim: 8,
  embeddingMatrix: oneHot,
  embeddingTrainable: false,
  units: 12,
  classes: 2,
  maxLength: length,
  seed: 3,
};
const models: Array<[string, ClassifierConfig, number, number]> = [
  // label, config, learning rate, most rounds of 4 steps
  ['SRNN(4,1) with GRU', { ...common, slicing: 'SRNN(4,1)' }, 0.05, 16],
  ['GRU baseline', { ...common, architecture: 'rnn' }, 0.05, 16],
  ['SRNN(4,1) with LSTM', { ...common, slicing: 'SRNN(4,1)', cell: 'lstm' }, 0.05, 16],
  ['DCCNN', { ...common, architecture: 'dccnn', filters: 16 }, 0.05, 24],
];

describe('each architecture learns "A before B" (T = 16) to at least 95% held-out accuracy', () => {
  const train = orderTask(2048, 1);
  const heldOut = orderTask(200, 2);
  afterAll(() => tf.dispose([train.ids, train.labels, heldOut.ids, heldOut.labels]));

  for (const [label, config, learningRate, rounds] of models) {
    it(label, async () => {
      const model = buildClassifier(config);
      model.compile({
        optimizer: tf.train.adam(learningRate),
        loss: 'categoricalCrossentropy',
        metrics: ['accuracy'],
      });
      let accuracy = 0;
      // Rounds of 256 fresh rows (4 batches of 64); stop once clearly above the bar.
      for (let round = 0; round < rounds && accuracy < 0.97; round += 1) {
        const start = (round * 256) % 2048;
        const [x, y] = [
          tf.slice(train.ids, [start, 0], [256, length]),
          tf.slice(train.labels, [start, 0], [256, 2]),
        ];
        // No shuffling: fit's shuffle draws from Math.random, and the run should repeat exactly.
        await model.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0, shuffle: false });
        const [loss, metric] = model.evaluate(heldOut.ids, heldOut.labels) as tf.Scalar[];
        accuracy = (await metric!.data())[0]!;
        tf.dispose([x, y, loss!, metric!]);
      }
      model.dispose();
      expect(accuracy).toBeGreaterThanOrEqual(0.95);
    });
  }
});
