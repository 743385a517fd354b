import * as tf from '@tensorflow/tfjs';
import {
  clipByGlobalNorm,
  createTrainStep,
  gatherRange,
  parseTrainOptions,
  sparseCategoricalCrossEntropy,
} from '../src';
import { createAdam } from '../src/adam';
import { tinyModel, toySplit, useCpuBackend, weightBytes, weightValues } from './helpers';

beforeAll(useCpuBackend);

describe('clipByGlobalNorm', () => {
  it('scales every gradient by clipNorm / norm when the global norm is larger', () => {
    // Hand-worked: norm = sqrt(3² + 4² + 12²) = 13; clipping to 6.5 halves everything.
    const gradients = { a: tf.tensor1d([3, 4]), b: tf.tensor1d([12]) };
    const { gradients: clipped, globalNorm } = clipByGlobalNorm(gradients, 6.5);
    expect(globalNorm.dataSync()[0]).toBeCloseTo(13, 5);
    expect(Array.from(clipped['a']!.dataSync())).toEqual([1.5, 2]);
    expect(Array.from(clipped['b']!.dataSync())).toEqual([6]);
    tf.dispose([gradients.a, gradients.b, globalNorm, ...Object.values(clipped)]);
  });

  it('leaves gradients bit for bit as they are when the norm is within bounds', () => {
    const gradients = { a: tf.tensor1d([0.1, -0.3]), b: tf.tensor1d([1e-7]) };
    const { gradients: clipped, globalNorm } = clipByGlobalNorm(gradients, 20);
    expect(clipped['a']!.dataSync()).toEqual(gradients.a.dataSync());
    expect(clipped['b']!.dataSync()).toEqual(gradients.b.dataSync());
    tf.dispose([gradients.a, gradients.b, globalNorm, ...Object.values(clipped)]);
  });
});

const batch = gatherRange(toySplit(16), 0, 16);

/** The training step as it was before clipping existed: one optimizer.minimize call. */
async function stepsWithoutClipping(model: tf.LayersModel, steps: number): Promise<void> {
  const optimizer = createAdam({ learningRate: 0.05 });
  const x = tf.tensor2d(batch.x, [batch.rows, batch.maxLen], 'int32');
  const labels = tf.tensor1d(batch.y, 'int32');
  for (let i = 0; i < steps; i++) {
    const cost = optimizer.minimize(
      () => sparseCategoricalCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, labels),
      true,
    );
    await cost?.data();
    cost?.dispose();
  }
  tf.dispose([x, labels]);
  optimizer.dispose();
}

async function steps(model: tf.LayersModel, count: number, gradientClipNorm?: number) {
  const optimizer = createAdam({ learningRate: 0.05 });
  const step = createTrainStep(
    model,
    optimizer,
    gradientClipNorm === undefined ? {} : { gradientClipNorm },
  );
  const outcomes = [];
  for (let i = 0; i < count; i++) outcomes.push(await step(batch));
  optimizer.dispose();
  return outcomes;
}

describe('training steps with gradientClipNorm', () => {
  it('off, or never reached, gives the same bits as the step without clipping', async () => {
    const before = tinyModel();
    await stepsWithoutClipping(before, 3);
    const off = tinyModel();
    await steps(off, 3);
    const huge = tinyModel();
    await steps(huge, 3, 1e9);
    expect(weightBytes(off)).toEqual(weightBytes(before));
    expect(weightBytes(huge)).toEqual(weightBytes(before));
  });

  it('reports the hand-computed global norm and updates with the clipped gradients', async () => {
    // Plain SGD here: Adam's first step moves by about lr whatever the gradients' scale, so it
    // could not tell clipped gradients from unclipped ones.
    const x = tf.tensor2d(batch.x, [batch.rows, batch.maxLen], 'int32');
    const labels = tf.tensor1d(batch.y, 'int32');
    const reference = tinyModel();
    // The gradients of the first step, computed apart; their norm by a plain loop in float64.
    const { grads, value } = tf.variableGrads(
      () =>
        sparseCategoricalCrossEntropy(reference.apply(x, { training: true }) as tf.Tensor, labels),
      reference.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    let squares = 0;
    for (const g of Object.values(grads)) for (const v of g.dataSync()) squares += v * v;
    const norm = Math.sqrt(squares);
    const before = weightValues(reference);
    // Clipping to a quarter of the norm: each weight moves by lr * g / 4.
    const lr = 0.5;
    const expected = reference.trainableWeights.map((w, i) => {
      const g = grads[(w.read() as tf.Variable).name]!.dataSync();
      return before[i]!.map((v, k) => v - (lr * g[k]!) / 4);
    });

    const model = tinyModel();
    const sgd = tf.train.sgd(lr);
    const outcome = await createTrainStep(model, sgd, { gradientClipNorm: norm / 4 })(batch);
    expect(outcome.gradientNorm).toBeCloseTo(norm, 5);
    weightValues(model).forEach((values, i) =>
      values.forEach((v, k) => expect(v).toBeCloseTo(expected[i]![k]!, 6)),
    );
    // Unclipped, the first weights would have moved four times as far.
    const unclipped = tinyModel();
    await createTrainStep(unclipped, sgd)(batch);
    expect(weightValues(unclipped)[0]).not.toEqual(weightValues(model)[0]);
    sgd.dispose();
    tf.dispose([x, labels, value, ...Object.values(grads)]);
  });

  it('is refused unless a finite number > 0, naming the field', () => {
    const base = {
      model: tinyModel(),
      train: toySplit(4),
      validation: toySplit(4),
      outputDir: 'x',
    };
    expect(() => parseTrainOptions({ ...base, gradientClipNorm: 0 })).toThrow(
      'trainClassifier options: gradientClipNorm: must be a finite number > 0',
    );
    expect(() => parseTrainOptions({ ...base, gradientClipNorm: Infinity })).toThrow(
      'gradientClipNorm: must be a finite number > 0',
    );
  });
});
