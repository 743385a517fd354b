import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Arguments of {@link AttentionPooling}. */
export interface AttentionPoolingArgs extends Omit<LayerArgs, 'name'> {
  /** Width of the attention's hidden layer u. */
  units: number;
  /** Seed of the kernel and context initialisers. */
  seed?: number;
  name?: string;
}

/** What {@link AttentionPooling.pool} returns. */
export interface Pooled {
  /** `[sequences, features]`: the attention-weighted sum of the states. */
  pooled: tf.Tensor2D;
  /** `[sequences, steps]`: the weights, summing to 1 over the unmasked steps of each sequence. */
  weights: tf.Tensor2D;
}

// Added to the scores of masked steps: exp of it is exactly 0 in float32.
const MASKED_SCORE = -1e9;

/**
 * Attention pooling over the states of each sequence (Yang et al. 2016's word attention):
 * u_t = tanh(h_t W + b), alpha = softmax_t(u_t · c), s = Σ_t alpha_t h_t. Weights `kernel`
 * `[features, units]` (glorot uniform), `bias` `[units]` (zeros) and `context` `[units]`
 * (uniform ±0.05, so that the scores differ from the start). Built and run by the SRNN layer.
 */
export class AttentionPooling extends tf.layers.Layer {
  /** Name under which the class is registered for serialization. */
  static className = 'SrnnAttentionPooling';

  readonly units: number;
  readonly seed: number | undefined;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private context: tf.LayerVariable | null = null;

  constructor(args: AttentionPoolingArgs) {
    const { units, seed, ...layerArgs } = args;
    super(layerArgs);
    if (!Number.isInteger(units) || units < 1) {
      throw new Error(`AttentionPooling: units must be an integer >= 1, got ${units}`);
    }
    this.units = units;
    this.seed = seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1];
    if (features == null) throw new Error(`${this.name}: the feature size must be known`);
    const seedFor = (offset: number): number | undefined =>
      this.seed === undefined ? undefined : this.seed + offset;
    this.kernel = this.addWeight(
      'kernel',
      [features, this.units],
      'float32',
      tf.initializers.glorotUniform({ seed: seedFor(0) }),
    );
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.context = this.addWeight(
      'context',
      [this.units],
      'float32',
      tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seedFor(1) }),
    );
    this.built = true;
  }

  /**
   * Pools `states` `[sequences, steps, features]`; `mask` `[sequences, steps]` (1 = real step,
   * 0 = ignore) must leave at least one step per sequence.
   */
  pool(states: tf.Tensor3D, mask?: tf.Tensor2D): Pooled {
    if (this.kernel === null || this.bias === null || this.context === null) {
      throw new Error(`${this.name}: pool() before build()`);
    }
    const kernel = this.kernel.read();
    const bias = this.bias.read();
    const context = this.context.read();
    return tf.tidy(() => {
      const [sequences, steps, features] = states.shape;
      const hidden = tf.tanh(
        tf.add(tf.matMul(tf.reshape(states, [-1, features]), kernel as tf.Tensor2D), bias),
      );
      let scores = tf.reshape(tf.matMul(hidden, tf.reshape(context, [-1, 1])), [sequences, steps]);
      if (mask !== undefined) scores = tf.add(scores, tf.mul(tf.sub(1, mask), MASKED_SCORE));
      const weights = tf.softmax(scores) as tf.Tensor2D;
      const pooled = tf.sum(tf.mul(states, tf.expandDims(weights, 2)), 1) as tf.Tensor2D;
      return { pooled, weights };
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, shape[shape.length - 1] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [states, mask] = Array.isArray(inputs) ? inputs : [inputs];
    const { pooled, weights } = this.pool(states as tf.Tensor3D, mask as tf.Tensor2D | undefined);
    weights.dispose();
    return pooled;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), units: this.units };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}

tf.serialization.registerClass(AttentionPooling);
