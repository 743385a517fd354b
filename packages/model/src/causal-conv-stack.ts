import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Arguments of {@link CausalConvStack}. */
export interface CausalConvStackArgs extends LayerArgs {
  /** Number of convolution layers; layer i has dilation 2^i. */
  depth: number;
  /** Output channels of every layer. */
  filters: number;
  /** Seed of the glorot-uniform kernel initialisers (layer i uses seed + i). */
  seed?: number;
}

/**
 * The DCCNN baseline's body: `depth` dilated causal convolutions (kernel size 2, dilation 1, 2, 4,
 * ..., ReLU) over `[batch, steps, channels]`, returning the last step `[batch, filters]`, whose
 * receptive field covers 2^depth steps. Layer i computes `y_t = relu(x_{t-d} W0 + x_t W1 + b)`
 * with zeros before the first step; kernels use Keras's Conv1D layout `[2, inputs, filters]`.
 *
 * Written as matMuls over time-major rows (one transpose in), so each causal shift is a contiguous
 * slice: tfjs has no gradient for dilated conv2d, and strided slices are slow on cpu and wasm.
 */
export class CausalConvStack extends tf.layers.Layer {
  /** Name under which the class is registered for serialization. */
  static className = 'SrnnCausalConvStack';

  readonly depth: number;
  readonly filters: number;
  readonly seed: number | undefined;
  private kernels: tf.LayerVariable[] = [];
  private biases: tf.LayerVariable[] = [];

  constructor(args: CausalConvStackArgs) {
    const { depth, filters, seed, ...layerArgs } = args;
    super(layerArgs);
    for (const [field, value] of [
      ['depth', depth],
      ['filters', filters],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new Error(`CausalConvStack: ${field} must be an integer >= 1, got ${value}`);
      }
    }
    this.depth = depth;
    this.filters = filters;
    this.seed = seed;
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[2];
    if (channels == null) throw new Error(`${this.name}: the channel size must be known`);
    for (let layer = 0; layer < this.depth; layer += 1) {
      const seed = this.seed === undefined ? undefined : this.seed + layer;
      this.kernels.push(
        this.addWeight(
          `conv${layer}/kernel`,
          [2, layer === 0 ? channels : this.filters, this.filters],
          'float32',
          tf.initializers.glorotUniform({ seed }),
        ),
      );
      this.biases.push(
        this.addWeight(`conv${layer}/bias`, [this.filters], 'float32', tf.initializers.zeros()),
      );
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor3D;
    return tf.tidy(() => {
      const [batch, steps, channels] = x.shape;
      // Row t * batch + b holds step t of sequence b.
      let rows: tf.Tensor2D = tf.reshape(tf.transpose(x, [1, 0, 2]), [steps * batch, channels]);
      this.kernels.forEach((kernelVariable, layer) => {
        const [earlier, current] = tf.unstack(kernelVariable.read()) as [tf.Tensor2D, tf.Tensor2D];
        const dilation = 2 ** layer;
        let output: tf.Tensor2D = tf.add(tf.matMul(rows, current), this.biases[layer]!.read());
        if (dilation < steps) {
          // x_{t-d} W0: the projection shifted down by d steps, zeros in front.
          const projected = tf.matMul(rows, earlier);
          const shifted = tf.concat(
            [
              tf.zeros([dilation * batch, this.filters]),
              tf.slice(projected, [0, 0], [(steps - dilation) * batch, this.filters]),
            ],
            0,
          );
          output = tf.add(output, shifted);
        }
        rows = tf.relu(output);
      });
      return tf.slice(rows, [(steps - 1) * batch, 0], [batch, this.filters]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      depth: this.depth,
      filters: this.filters,
    };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}

tf.serialization.registerClass(CausalConvStack);
