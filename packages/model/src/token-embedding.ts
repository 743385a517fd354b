import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Arguments of {@link TokenEmbedding}. */
export interface TokenEmbeddingArgs extends LayerArgs {
  /** Vocabulary size: ids are in [0, inputDim). */
  inputDim: number;
  /** Size of each token's vector. */
  outputDim: number;
  /** Seed of the initial uniform(-0.05, 0.05) table (Keras's default embedding initialiser). */
  seed?: number;
}

/** What one call looked up: the ids it was given and the table it read. */
interface Lookup {
  ids: tf.Tensor;
  table: tf.Tensor2D;
  /** The table's data when it was read (its `dataId`). */
  data: object;
}

// Each output of a call, to what it looked up. Layers hand tensors, not layers, to the next layer,
// so this is how the first recurrent level learns that its features are rows of this table.
const lookups = new WeakMap<tf.Tensor, Lookup>();

/**
 * Token ids `[batch, steps]` to vectors `[batch, steps, outputDim]`: tf.layers.embedding's
 * arithmetic and weight (`embeddings`). The classifier also hands the ids to the first recurrent
 * level, whose input projection then computes each distinct token once, reading its row from the
 * table ({@link TokenEmbedding.tableOf}).
 */
export class TokenEmbedding extends tf.layers.Layer {
  /** Name under which the class is registered for serialization. */
  static className = 'SrnnTokenEmbedding';

  readonly inputDim: number;
  readonly outputDim: number;
  readonly seed: number | undefined;
  private embeddings: tf.LayerVariable | null = null;

  constructor(args: TokenEmbeddingArgs) {
    const { inputDim, outputDim, seed, ...layerArgs } = args;
    super(layerArgs);
    for (const [field, value] of [
      ['inputDim', inputDim],
      ['outputDim', outputDim],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new Error(`TokenEmbedding: ${field} must be an integer >= 1, got ${value}`);
      }
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.seed = seed;
  }

  override build(): void {
    this.embeddings = this.addWeight(
      'embeddings',
      [this.inputDim, this.outputDim],
      'float32',
      tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed }),
    );
    // A layer made with trainable: false leaves its new weight's variable trainable (tfjs-layers
    // only filters it out of trainableWeights); say it on the variable too, as the layer's
    // trainable setter does, so that a training step computes no gradient for the table.
    this.embeddings.trainable = this.trainable;
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape, this.outputDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (this.embeddings === null) throw new Error(`${this.name}: call() before build()`);
    const table = this.embeddings.read() as tf.Tensor2D;
    const rows = tf.tidy(() =>
      tf.reshape(tf.gather(table, tf.reshape(tf.cast(ids, 'int32'), [-1])), [
        ...ids.shape,
        this.outputDim,
      ]),
    );
    // The table's data as looked up: a later assign (setWeights, an optimizer step) replaces it.
    lookups.set(rows, { ids, table, data: table.dataId });
    return rows;
  }

  /**
   * The table `features` were looked up in, when `features` is the very tensor a TokenEmbedding
   * call returned for the very tensor `ids` (so row i of `features` is `table[ids[i]]`); otherwise
   * undefined (a copy, or anything computed from it, is not recognised, nor a lookup whose table
   * has been assigned new values since).
   */
  static tableOf(features: tf.Tensor, ids: tf.Tensor): tf.Tensor2D | undefined {
    const lookup = lookups.get(features);
    return lookup !== undefined && lookup.ids === ids && lookup.table.dataId === lookup.data
      ? lookup.table
      : undefined;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
    };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}

tf.serialization.registerClass(TokenEmbedding);
