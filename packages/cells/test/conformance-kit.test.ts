import * as tf from '@tensorflow/tfjs';
import { encoderOptionsSchema, type CellDefinition, type EncoderOptions } from '@srnn/cells';
import { cellConformanceChecks } from '@srnn/cells/testing';

// The kit is tested both ways: a sound cell passes every check, and broken cells fail the right ones.
const lstmCell: CellDefinition<EncoderOptions> = {
  name: 'kit-lstm',
  description: 'tfjs LSTM',
  optionsSchema: encoderOptionsSchema,
  createEncoder: ({ units, name, seed }) =>
    tf.layers.lstm({
      units,
      name,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      recurrentInitializer: tf.initializers.glorotUniform({ seed }),
    }),
};

async function failures(definition: CellDefinition<EncoderOptions>): Promise<string[]> {
  const failed: string[] = [];
  for (const check of cellConformanceChecks(definition, { units: 3, seed: 2 })) {
    await check.run().catch(() => failed.push(check.name));
  }
  return failed;
}

describe('cellConformanceChecks', () => {
  it('passes a sound cell', async () => {
    expect(await failures(lstmCell)).toEqual([]);
  });

  it('catches an encoder that ignores the seed', async () => {
    const unseeded: CellDefinition<EncoderOptions> = {
      ...lstmCell,
      createEncoder: ({ units }) => tf.layers.lstm({ units }),
    };
    expect(await failures(unseeded)).toEqual([expect.stringMatching(/seeds/)]);
  });

  it('catches an encoder that returns every step', async () => {
    const sequences: CellDefinition<EncoderOptions> = {
      ...lstmCell,
      createEncoder: ({ units, seed }) =>
        tf.layers.lstm({
          units,
          returnSequences: true,
          kernelInitializer: tf.initializers.glorotUniform({ seed }),
          recurrentInitializer: tf.initializers.glorotUniform({ seed }),
        }),
    };
    const failed = await failures(sequences);
    expect(failed).toContainEqual(expect.stringMatching(/output is \[sequences, units\]/));
    expect(failed).toContainEqual(expect.stringMatching(/single step/));
  });

  it('catches an encoder with a weight no gradient reaches, and one blind to order', async () => {
    // A Dense on the mean over steps: a bias-free layer whose kernel is frozen at zero.
    const pooled: CellDefinition<EncoderOptions> = {
      ...lstmCell,
      createEncoder: ({ units, seed }) => {
        const model = tf.sequential({
          layers: [
            tf.layers.globalAveragePooling1d({}),
            tf.layers.dense({ units, kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
            tf.layers.dense({ units, kernelInitializer: 'zeros', useBias: false }),
          ],
        });
        return model as unknown as tf.layers.Layer;
      },
    };
    const failed = await failures(pooled);
    expect(failed).toContainEqual(expect.stringMatching(/gradients/));
    expect(failed).toContainEqual(expect.stringMatching(/order of steps/));
  });
});

describe('cellConformanceChecks round trip', () => {
  it('catches an encoder class that was never registered for serialization', async () => {
    class UnregisteredEncoder extends tf.layers.Layer {
      static className = 'KitUnregisteredEncoder';
      private readonly inner: tf.layers.Layer;
      constructor(options: EncoderOptions) {
        super({ name: options.name });
        this.inner = tf.layers.simpleRNN({
          units: options.units,
          kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
          recurrentInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
        });
      }
      override build(shape: tf.Shape | tf.Shape[]): void {
        this.inner.build(shape);
        this.built = true;
      }
      override get trainableWeights(): tf.LayerVariable[] {
        return this.inner.trainableWeights;
      }
      override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
        return this.inner.computeOutputShape(shape) as tf.Shape;
      }
      override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
        return this.inner.call(inputs, {}) as tf.Tensor;
      }
    }
    const unregistered: CellDefinition<EncoderOptions> = {
      ...lstmCell,
      createEncoder: (options) => new UnregisteredEncoder(options),
    };
    expect(await failures(unregistered)).toEqual([expect.stringMatching(/round trip/)]);
  });
});
