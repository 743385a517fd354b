import * as tf from '@tensorflow/tfjs';
import { orthogonalMatrix } from './orthogonal';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** The three weight matrices of a gated cell, in Keras/tfjs-layers layout (gate blocks side by side). */
export interface GatedWeights {
  /** [features, gates * units] */
  kernel: tf.Tensor2D;
  /** [units, gates * units] */
  recurrentKernel: tf.Tensor2D;
  /** [gates * units] */
  bias: tf.Tensor1D;
}

/**
 * The layer plumbing every gated recurrent encoder shares (GRU: 3 gates, LSTM: 4): Keras's
 * initialisers (glorot uniform kernel, orthogonal recurrent kernel, zero bias) with seeds derived
 * from one seed, input [sequences, steps, features] to output [sequences, units], and the config
 * fields `units` and `seed`. A cell implements {@link lastState} and adds its own config fields.
 */
export abstract class GatedRecurrentEncoder extends tf.layers.Layer {
  readonly units: number;
  readonly seed: number | undefined;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  protected constructor(
    private readonly gates: number,
    options: { units: number; seed?: number | undefined; name?: string | undefined },
    layerArgs: Omit<LayerArgs, 'name'>,
  ) {
    super({ ...layerArgs, ...(options.name !== undefined ? { name: options.name } : {}) });
    this.units = options.units;
    this.seed = options.seed;
    this.inputSpec = [{ ndim: 3 }];
  }

  /** Runs the cell over `inputs` [sequences, steps, features]; returns the last state [sequences, units]. */
  protected abstract lastState(inputs: tf.Tensor3D, weights: GatedWeights): tf.Tensor2D;

  /** The initial bias [gates * units]; zeros unless a cell says otherwise (e.g. LSTM's forget bias). */
  protected initialBias(): tf.Tensor1D | null {
    return null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[2];
    if (features == null) {
      throw new Error(`${this.name}: the feature size (last input dimension) must be known`);
    }
    const width = this.gates * this.units;
    // Distinct derived seeds per matrix, so one seed makes the whole encoder reproducible.
    const seedFor = (offset: number): number | undefined =>
      this.seed === undefined ? undefined : this.seed + offset;
    this.kernel = this.addWeight(
      'kernel',
      [features, width],
      'float32',
      tf.initializers.glorotUniform({ seed: seedFor(0) }),
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [this.units, width],
      'float32',
      tf.initializers.zeros(),
    );
    const orthogonal = orthogonalMatrix([this.units, width], seedFor(1));
    this.recurrentKernel.write(orthogonal);
    orthogonal.dispose();
    this.bias = this.addWeight('bias', [width], 'float32', tf.initializers.zeros());
    const bias = this.initialBias();
    if (bias !== null) {
      this.bias.write(bias);
      bias.dispose();
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    if (this.kernel === null || this.recurrentKernel === null || this.bias === null) {
      throw new Error(`${this.name}: call() before build()`);
    }
    return this.lastState(x, {
      kernel: this.kernel.read() as tf.Tensor2D,
      recurrentKernel: this.recurrentKernel.read() as tf.Tensor2D,
      bias: this.bias.read() as tf.Tensor1D,
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), units: this.units };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}
