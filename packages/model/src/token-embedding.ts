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
  /** True when the call returned a placeholder and left the lookup to its SlicedRNN consumers. */
  deferred: boolean;
}

// Each output of a call, to what it looked up. Layers hand tensors, not layers, to the next layer,
// so this is how the first recurrent level learns that its features are rows of this table.
const lookups = new WeakMap<tf.Tensor, Lookup>();

/** The rows of `table` for `ids`, `[...ids.shape, features]`: an embedding lookup. */
export function lookUpRows(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.reshape(tf.gather(table, tf.reshape(tf.cast(ids, 'int32'), [-1])), [
      ...ids.shape,
      table.shape[1],
    ]),
  );
}

/**
 * The mark of a layer class that takes `[features, ids]` and accepts a deferred lookup as its
 * features (SlicedRNN carries it): a static property, so that this file need not import that one.
 */
export const LOOKS_UP_DEFERRED_ROWS = Symbol.for('@srnn/looks-up-deferred-rows');

/**
 * Token ids `[batch, steps]` to vectors `[batch, steps, outputDim]`: tf.layers.embedding's
 * arithmetic and weight (`embeddings`). The classifier also hands the ids to the first recurrent
 * level, whose input projection then computes each distinct token once, reading its row from the
 * table ({@link TokenEmbedding.tableOf}).
 *
 * When a model runs and every use of this layer's output in it is a SlicedRNN given the same ids
 * (as in the SRNN classifier), the layer looks nothing up: it hands on a placeholder
 * `[batch, steps, 0]` and the SlicedRNN reads from the table only the rows of the subsequences it
 * runs (with padding skipped, about a quarter of them at the paper's sizes). `apply(ids)` called
 * directly returns the vectors, as does {@link TokenEmbedding.lookUp}; a model made to output this
 * layer's output from such a classifier would output the placeholder.
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
    // A model's execution hands each layer a list of its inputs; a direct `apply(ids)` gets rows.
    const deferred = Array.isArray(inputs) && this.onlyFeedsDeferringLayers();
    const rows = deferred ? tf.zeros([...ids.shape, 0]) : this.lookUp(ids);
    // The table's data as looked up: a later assign (setWeights, an optimizer step) replaces it.
    lookups.set(rows, { ids, table, data: table.dataId, deferred });
    return rows;
  }

  /** The vectors of `ids` `[...ids.shape, outputDim]`, whatever consumes this layer's output. */
  lookUp(ids: tf.Tensor): tf.Tensor {
    if (this.embeddings === null) throw new Error(`${this.name}: lookUp() before build()`);
    return lookUpRows(this.embeddings.read() as tf.Tensor2D, ids);
  }

  /**
   * Whether this layer was applied once in a graph and every layer applied to its output there
   * takes `[this output, the same ids]` and looks rows up itself (see LOOKS_UP_DEFERRED_ROWS).
   */
  private onlyFeedsDeferringLayers(): boolean {
    if (this.inboundNodes.length !== 1 || this.outboundNodes.length === 0) return false;
    const ids = this.inboundNodes[0]!.inputTensors[0];
    return this.outboundNodes.every((node) => {
      const consumer = node.outboundLayer.constructor as unknown as Record<symbol, unknown>;
      const [features, theirIds] = node.inputTensors;
      return (
        consumer[LOOKS_UP_DEFERRED_ROWS] === true &&
        node.inputTensors.length === 2 &&
        features?.sourceLayer === this &&
        theirIds === ids
      );
    });
  }

  /** Whether `features` is a placeholder this layer returned in place of its lookup. */
  static isPlaceholder(features: tf.Tensor): boolean {
    return lookups.get(features)?.deferred === true;
  }

  /**
   * The ids and table of `features` when it is a placeholder this layer returned in place of its
   * lookup (see the class comment); undefined for any other tensor.
   * @throws when the table was assigned new values after the call (its rows are gone).
   */
  static deferredLookupOf(features: tf.Tensor): { ids: tf.Tensor; table: tf.Tensor2D } | undefined {
    const lookup = lookups.get(features);
    if (lookup === undefined || !lookup.deferred) return undefined;
    if (lookup.ids.isDisposed) {
      throw new Error(
        'TokenEmbedding: a placeholder for looked-up rows was used after the model run that made it, and the ids it stands for are gone; call lookUp(ids) for the vectors, or run the embedding and the SlicedRNN in one model',
      );
    }
    if (lookup.table.dataId !== lookup.data) {
      throw new Error(
        'TokenEmbedding: the embedding table was assigned new values between the lookup and its use; run the embedding again',
      );
    }
    return { ids: lookup.ids, table: lookup.table };
  }

  /**
   * The table `features` were looked up in, when `features` is the very tensor a TokenEmbedding
   * call returned for the very tensor `ids` (so row i of `features` is `table[ids[i]]`); otherwise
   * undefined (a copy, or anything computed from it, is not recognised, nor a lookup whose table
   * has been assigned new values since).
   */
  static tableOf(features: tf.Tensor, ids: tf.Tensor): tf.Tensor2D | undefined {
    const lookup = lookups.get(features);
    return lookup !== undefined &&
      !lookup.deferred &&
      lookup.ids === ids &&
      lookup.table.dataId === lookup.data
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
