// The training step's row gradients: a model whose table is looked up through gatherRows trains to
// the same bytes with its table's gradient taken as rows as with the dense gradient, and the dense
// gradient of the table is then never made.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { fusedAdam } from '@srnn/optimizers';
import { gatherRows } from '@srnn/row-gradients';
import { createTrainStep, gatherRange } from '../src';
import { toySplit, weightBytes } from './helpers';

const VOCAB = 40;
const DIM = 6;
const MAX_LEN = 6;

/** Token ids to the mean of their rows, each distinct id's row read once through gatherRows. */
class MeanOfRows extends tf.layers.Layer {
  static className = 'TestMeanOfRows';
  private table: tf.LayerVariable | null = null;

  /** With `alsoDirect`, the table is also used directly (its mean added to every output). */
  constructor(private readonly alsoDirect = false) {
    super({});
  }

  override build(): void {
    this.table = this.addWeight(
      'table',
      [VOCAB, DIM],
      'float32',
      tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 3 }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [(inputShape as tf.Shape)[0]!, DIM];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const values = tf.cast(ids, 'int32').dataSync() as Int32Array;
      const slotOf = new Map<number, number>();
      const positions = Int32Array.from(values, (id) => {
        if (!slotOf.has(id)) slotOf.set(id, slotOf.size);
        return slotOf.get(id)!;
      });
      const rows = gatherRows(this.table!.read() as tf.Tensor2D, Int32Array.from(slotOf.keys()));
      const each = tf.reshape(tf.gather(rows, tf.tensor1d(positions, 'int32')), [
        ...ids.shape,
        DIM,
      ]);
      const pooled = tf.mean(each, 1);
      return this.alsoDirect ? tf.add(pooled, tf.mean(this.table!.read())) : pooled;
    });
  }
}

function model(alsoDirect = false): tf.LayersModel {
  const ids = tf.input({ shape: [MAX_LEN], dtype: 'int32' });
  const pooled = new MeanOfRows(alsoDirect).apply(ids) as tf.SymbolicTensor;
  const probabilities = tf.layers
    .dense({
      units: 2,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
    })
    .apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: probabilities });
}

const split = toySplit(24, { maxLen: MAX_LEN });

/** Trains a fresh model 4 steps; returns its weights' bytes and the kernels of the last step. */
async function train(rowGradients: boolean) {
  const m = model();
  const optimizer = fusedAdam(0.05);
  const step = createTrainStep(m, optimizer, { rowGradients });
  for (let i = 0; i < 3; i += 1) await step(gatherRange(split, i * 8, i * 8 + 8));
  // Read at once: tf.profile hands back the same object each time, refilled by the next call.
  const dense = madeDenseTableGradient(
    await tf.profile(async () => {
      await step(gatherRange(split, 0, 8));
    }),
  );
  const bytes = weightBytes(m);
  const slots = (await optimizer.getWeights()).map((w) => w.name.replace(/.*\//, ''));
  optimizer.dispose();
  m.dispose();
  return { bytes, madeDenseTableGradient: dense, slots };
}

/** Whether a kernel of the profile wrote a tensor of the table's shape (its dense gradient). */
function madeDenseTableGradient(profile: Awaited<ReturnType<typeof tf.profile>>): boolean {
  return profile.kernels.some(
    (k) =>
      k.name === 'UnsortedSegmentSum' &&
      k.outputShapes.some((s) => s !== null && s.join(',') === `${VOCAB},${DIM}`),
  );
}

describe.each(['cpu', 'wasm'] as const)('on the %s backend', (backend) => {
  beforeAll(async () => {
    await selectBackend({ backend, log: () => undefined });
  });

  it('trains to the same bytes with the table gradient as rows as with it dense', async () => {
    const rows = await train(true);
    const dense = await train(false);
    expect(rows.bytes).toEqual(dense.bytes);
    // The same moment slots, in the same order, so checkpoints of either restore into the other.
    expect(rows.slots).toEqual(dense.slots);
    expect(dense.madeDenseTableGradient).toBe(true);
    expect(rows.madeDenseTableGradient).toBe(false);
  });

  it('adds the rows to the dense gradient of a table also used directly', async () => {
    const trained = async (rowGradients: boolean): Promise<Float32Array[]> => {
      const m = model(true);
      const optimizer = fusedAdam(0.05);
      const step = createTrainStep(m, optimizer, { rowGradients });
      for (let i = 0; i < 3; i += 1) await step(gatherRange(split, i * 8, i * 8 + 8));
      const weights = m.getWeights().map((w) => w.dataSync() as Float32Array);
      optimizer.dispose();
      m.dispose();
      return weights;
    };
    const rows = await trained(true);
    const dense = await trained(false);
    // The same sums, maybe added in another order: equal to float32 rounding.
    rows.forEach((values, i) => {
      values.forEach((v, j) => expect(Math.abs(v - dense[i]![j]!)).toBeLessThan(1e-6));
    });
  });

  it('takes the dense path with tf.train.adam (whatever the option says)', async () => {
    const m = model();
    const optimizer = tf.train.adam(0.05);
    const step = createTrainStep(m, optimizer);
    const profile = await tf.profile(async () => {
      await step(gatherRange(split, 0, 8));
    });
    expect(madeDenseTableGradient(profile)).toBe(true);
    optimizer.dispose();
    m.dispose();
  });

  it('leaves no tensor behind', async () => {
    const m = model();
    const optimizer = fusedAdam(0.05);
    const step = createTrainStep(m, optimizer);
    await step(gatherRange(split, 0, 8)); // creates the moments
    const before = tf.memory().numTensors;
    await step(gatherRange(split, 8, 16));
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    m.dispose();
  });
});
