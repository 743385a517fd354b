// The SRNN classifier's embedding table trained with its gradient as rows (the training step's
// default with FusedAdam) against the dense gradient: the same bytes after a few steps, for the
// paper's computation, with padding skipped, and with bidirectional levels.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { createTrainStep, gatherRange, type EncodedSplit } from '@srnn/eval';
import { buildClassifier, type ClassifierConfig } from '@srnn/model';
import { fusedAdam } from '@srnn/optimizers';

const LENGTH = 16;
const VOCABULARY = 30;

/** Front-padded rows of 3 to 16 tokens with repeats, labels 0..2, from a small LCG. */
function batches(rows: number): EncodedSplit<Int32Array> {
  let state = 11;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const x = new Int32Array(rows * LENGTH);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r += 1) {
    const tokens = 3 + Math.floor(random() * (LENGTH - 2));
    for (let t = LENGTH - tokens; t < LENGTH; t += 1) {
      x[r * LENGTH + t] = 1 + Math.floor(random() * random() * (VOCABULARY - 1));
    }
    y[r] = Math.floor(random() * 3);
  }
  return { x, shape: [rows, LENGTH], y };
}

const common: ClassifierConfig = {
  slicing: 'SRNN(2,2)',
  vocabularySize: VOCABULARY,
  embeddingDim: 6,
  units: 5,
  classes: 3,
  maxLength: LENGTH,
  seed: 9,
};
const split = batches(24);

async function trainedBytes(
  config: ClassifierConfig,
  rowGradients: boolean,
): Promise<{ bytes: number[][]; denseTableGradient: boolean }> {
  const model = buildClassifier(config);
  const optimizer = fusedAdam(0.05);
  const step = createTrainStep(model, optimizer, { rowGradients });
  for (let i = 0; i < 2; i += 1) await step(gatherRange(split, i * 8, i * 8 + 8));
  const profile = await tf.profile(async () => {
    await step(gatherRange(split, 16, 24));
  });
  // Whether a kernel made a tensor of the table's shape other than the update's own outputs.
  const denseTableGradient = profile.kernels.some(
    (k) =>
      !k.name.startsWith('SrnnFusedAdam') &&
      k.outputShapes.some((s) => s?.join(',') === `${VOCABULARY},6`),
  );
  const bytes = model
    .getWeights()
    .map((w) => Array.from(new Uint32Array((w.dataSync() as Float32Array).slice().buffer)));
  optimizer.dispose();
  model.dispose();
  return { bytes, denseTableGradient };
}

describe.each(['cpu', 'wasm'] as const)('on the %s backend', (backend) => {
  beforeAll(async () => {
    await selectBackend({ backend, log: () => undefined });
  });

  it.each<[string, ClassifierConfig]>([
    ["the paper's computation", common],
    ['padding skipped', { ...common, skipPadding: true }],
    ['bidirectional levels', { ...common, bidirectional: true }],
  ])('trains to the same bytes with row and dense table gradients: %s', async (_, config) => {
    const rows = await trainedBytes(config, true);
    const dense = await trainedBytes(config, false);
    expect(rows.bytes).toEqual(dense.bytes);
    expect(dense.denseTableGradient).toBe(true);
    expect(rows.denseTableGradient).toBe(false);
    // The table moved (it has a gradient at all).
    const untrained = buildClassifier(config);
    const table = Array.from(
      new Uint32Array((untrained.getWeights()[0]!.dataSync() as Float32Array).slice().buffer),
    );
    expect(rows.bytes[0]).not.toEqual(table);
    untrained.dispose();
  });
});
