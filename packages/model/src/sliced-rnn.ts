import * as tf from '@tensorflow/tfjs';
import { createEncoder, isSequenceEncoder, type SequenceEncoderLayer } from '@srnn/cells';
import { gathersCheaply } from '@srnn/cells/toolkit';
import { parseOptions } from '@srnn/errors';
import { AttentionPooling } from './attention-pooling';
import {
  levelWidth,
  slicedRnnArgsSchema,
  type LevelCell,
  type SlicedRnnArgs,
} from './level-config';
import { runLevel, type LevelInput, type LevelLayers } from './level-run';
import { planRuns, type LevelRuns } from './level-runs';
import { LOOKS_UP_DEFERRED_ROWS, lookUpRows, TokenEmbedding } from './token-embedding';

function firstShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
}

/** The attention weights of one level, from {@link SlicedRNN.attentionWeights}. */
export interface LevelAttention {
  /** The level p. */
  level: number;
  /** `[batch, s_p, l_p]`: for each row, each level-p sequence's weights over its steps. */
  weights: tf.Tensor3D;
  /**
   * Tokens (of the padded input) one step covers: step j of sequence i of a row covers tokens
   * `[(i * l_p + j) * tokensPerStep, (i * l_p + j + 1) * tokensPerStep)`.
   */
  tokensPerStep: number;
}

// Seeds of the dropout masks of call c at level p: distinct, and the same in every run.
const DROPOUT_SEED_STRIDE = 1009;

/**
 * The sliced recurrent network as one layer: `[batch, paddedLength, features]` (and, optionally,
 * the token ids `[batch, paddedLength]` as a second input) to `[batch, width of the top level]`.
 *
 * Level 0's encoder runs over all minimal subsequences of the whole batch at once (reshaped to
 * `[batch * s_0, l_0, features]`, with the token ids, so the input projection can project each
 * distinct token once); the states of level p-1 are reshaped to `[batch * s_p, n_p, width]` for
 * level p. Each level has its own encoders and weights. Per level, optionally: a backward encoder
 * merged with the forward one, and attention pooling instead of the last state. Optionally, each
 * level runs only the sequences that hold a real token (`skipPadding`), and dropout between levels.
 *
 * The ids are the features' token ids: rows with equal ids must be equal (as out of an embedding).
 * Where gathers are cheap (`gathersCheaply()`: cpu, wasm and node for inference; in training node,
 * and cpu or wasm with @srnn/backend's kernels) each group of equal sequences runs once and its
 * members take its state (level-runs.ts): the same function, so front padding costs one
 * subsequence per level.
 */
export class SlicedRNN extends tf.layers.Layer {
  /** Name under which the class is registered for serialization. */
  static className = 'SlicedRNN';
  /** Takes a TokenEmbedding's placeholder as features and looks up the rows it runs itself. */
  static readonly [LOOKS_UP_DEFERRED_ROWS] = true;

  /** [n_1, ..., n_k], bottom-up. */
  readonly slices: number[];
  /** l_0, the length of each minimal subsequence. */
  readonly minimalLength: number;
  /** The cell of each level, p = 0..k, and how the level runs it. */
  readonly levels: LevelCell[];
  /** Whether levels skip sequences without a real token. */
  readonly skipPadding: boolean;
  /** Dropout rate between levels (training only). */
  readonly dropout: number;
  readonly dropoutSeed: number | undefined;
  /** l_0 * n_1 * ... * n_k: the input length this layer takes. */
  readonly paddedLength: number;
  private layersOfLevels: LevelLayers[] = [];
  private trainingCalls = 0;

  constructor(args: SlicedRnnArgs) {
    const { slices, minimalLength, levels, skipPadding, dropout, dropoutSeed, name, trainable } =
      parseOptions(slicedRnnArgsSchema, args, 'SlicedRNN');
    super({ name, trainable });
    this.slices = slices;
    this.minimalLength = minimalLength;
    this.levels = levels as LevelCell[];
    this.skipPadding = skipPadding ?? false;
    this.dropout = dropout ?? 0;
    this.dropoutSeed = dropoutSeed;
    this.paddedLength = slices.reduce((length, n) => length * n, minimalLength);
  }

  /** The forward encoder of each level, p = 0..k (empty until the layer is built). */
  get levelEncoders(): readonly SequenceEncoderLayer[] {
    return this.layersOfLevels.map((level) => level.forward);
  }

  /** Every layer of each level: forward and backward encoders, attention (after build). */
  get levelLayers(): readonly Readonly<LevelLayers>[] {
    return this.layersOfLevels;
  }

  private makeEncoder(
    level: LevelCell,
    name: string,
    steps: number,
    features: number,
  ): SequenceEncoderLayer {
    const encoder = createEncoder(level.cell, { ...level.options, name });
    if (!isSequenceEncoder(encoder)) {
      throw new Error(
        `${this.name}: cell '${level.cell}' makes a layer without encode() (cell contract v2); update the cell package`,
      );
    }
    // Applying to a symbolic input builds the encoder inside its own name scope, so each level's
    // weights get distinct, reproducible names (`<layer>/<layer>_level<p>/kernel`).
    encoder.apply(tf.input({ shape: [steps, features] }));
    return encoder;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [, steps, features] = firstShape(inputShape);
    if (steps != null && steps !== this.paddedLength) {
      throw new Error(
        `${this.name}: input has ${steps} steps but the plan needs ${this.paddedLength} ` +
          `(l_0 = ${this.minimalLength} x slices [${this.slices.join(', ')}]); pad the input at the front`,
      );
    }
    if (features == null) throw new Error(`${this.name}: the feature size must be known`);
    const lengths = [this.minimalLength, ...this.slices];
    let inputFeatures = features;
    this.layersOfLevels = this.levels.map((level, p) => {
      const stem = `${this.name}_level${p}`;
      const length = lengths[p] ?? 1;
      const layers: LevelLayers = {
        forward: this.makeEncoder(level, stem, length, inputFeatures),
        merge: level.merge ?? 'concat',
        width: levelWidth(level),
      };
      if (level.bidirectional === true) {
        layers.backward = this.makeEncoder(level, `${stem}_backward`, length, inputFeatures);
      }
      if (level.attention !== undefined) {
        const seed = level.options['seed'];
        const attention = new AttentionPooling({
          units: level.attention.units,
          ...(typeof seed === 'number' ? { seed: seed + 7 } : {}),
          name: `${stem}_attention`,
        });
        attention.apply(tf.input({ shape: [length, layers.width] }));
        layers.attention = attention;
      }
      inputFeatures = layers.width;
      return layers;
    });
    this.built = true;
  }

  private levelWeights(pick: (layer: tf.layers.Layer) => tf.LayerVariable[]): tf.LayerVariable[] {
    return this.layersOfLevels.flatMap((level) =>
      [level.forward, level.backward, level.attention].flatMap((layer) =>
        layer === undefined ? [] : pick(layer),
      ),
    );
  }

  override get trainableWeights(): tf.LayerVariable[] {
    if (!this.trainable) return [];
    return this.levelWeights((layer) => layer.trainableWeights);
  }

  override get nonTrainableWeights(): tf.LayerVariable[] {
    if (!this.trainable) return this.levelWeights((layer) => layer.weights);
    return this.levelWeights((layer) => layer.nonTrainableWeights);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const top = this.levels[this.levels.length - 1]!;
    return [firstShape(inputShape)[0] ?? null, levelWidth(top)];
  }

  /** Runs every level; with `collect`, also keeps each attention level's weights. */
  private run(
    inputs: tf.Tensor | tf.Tensor[],
    training: boolean,
    collect: boolean,
  ): { output: tf.Tensor2D; attention: LevelAttention[] } {
    const [x, ids] = (Array.isArray(inputs) ? inputs : [inputs]) as [tf.Tensor3D, tf.Tensor?];
    // A TokenEmbedding that left its lookup to this layer: level 0 reads the table itself, only
    // for the subsequences that run. Given other ids (or none), look every row up here.
    const deferred = TokenEmbedding.deferredLookupOf(x);
    const lookUpHere = deferred !== undefined && deferred.ids !== ids;
    const table =
      deferred !== undefined && !lookUpHere
        ? deferred.table
        : ids === undefined
          ? undefined
          : TokenEmbedding.tableOf(x, ids);
    // The ids decide which sequences share a run: they must be the features' own, one per step.
    if (
      ids !== undefined &&
      (ids.rank !== 2 || ids.shape[0] !== x.shape[0] || ids.shape[1] !== x.shape[1])
    ) {
      throw new Error(
        `${this.name}: the token ids have shape [${ids.shape.join(', ')}] but the features have shape [${x.shape.join(', ')}]; give one id per step: [${x.shape[0]}, ${x.shape[1]}]`,
      );
    }
    if (this.skipPadding && ids === undefined) {
      throw new Error(
        `${this.name}: skipPadding needs the token ids as the second input ([features, ids]); padding is id 0`,
      );
    }
    const dropoutCall = training && this.dropout > 0 ? this.trainingCalls++ : -1;
    // tidy keeps the tensors of the returned object (its type has no index signature, hence the casts).
    return tf.tidy((): tf.TensorContainer => {
      const rows = lookUpHere ? lookUpRows(deferred.table, deferred.ids) : x;
      const batch = x.shape[0];
      const features = table?.shape[1] ?? rows.shape[2]!;
      const level0Ids =
        ids === undefined
          ? undefined
          : (tf.reshape(tf.cast(ids, 'int32'), [-1, this.minimalLength]) as tf.Tensor2D);
      // Every minimal subsequence of every row becomes one sequence of one big batch (with a
      // deferred lookup, its rows are read from the table when it runs).
      const input: LevelInput =
        deferred !== undefined && !lookUpHere
          ? {}
          : { sequences: tf.reshape(rows, [-1, this.minimalLength, features]) as tf.Tensor3D };
      if (level0Ids !== undefined) input.tokenIds = level0Ids;
      // Features straight out of our embedding: level 0 reads each distinct token's row from the
      // table, and the table's gradient skips the dense gradient of every looked-up row.
      if (level0Ids !== undefined && table !== undefined) input.tokenTable = table;
      // Where gathers are cheap (host memory, a one-pass scatter for their gradients), the ids are
      // read to run each group of equal subsequences once (exact: equal inputs, equal states);
      // skipping padding reads them on any backend.
      const merge = gathersCheaply();
      let runs: LevelRuns | undefined;
      if (level0Ids !== undefined && (this.skipPadding || merge)) {
        if (this.skipPadding) {
          input.stepMask = tf.cast(tf.notEqual(level0Ids, 0), 'float32') as tf.Tensor2D;
        }
        runs = planRuns(level0Ids.dataSync() as Int32Array, this.minimalLength, {
          skipEmpty: this.skipPadding,
          mergeEqual: merge,
        });
      }
      const attention: LevelAttention[] = [];
      let tokensPerStep = 1;
      let states: tf.Tensor2D | undefined;
      this.layersOfLevels.forEach((layers, p) => {
        if (p > 0) {
          const n = this.slices[p - 1]!;
          // n_p consecutive states (siblings) form one level-p sequence.
          let sequences = tf.reshape(states!, [-1, n, states!.shape[1]]) as tf.Tensor3D;
          if (dropoutCall >= 0) {
            const seed =
              this.dropoutSeed === undefined
                ? undefined
                : this.dropoutSeed + DROPOUT_SEED_STRIDE * dropoutCall + p;
            sequences = tf.dropout(sequences, this.dropout, undefined, seed) as tf.Tensor3D;
          }
          input.sequences = sequences;
          delete input.tokenIds;
          delete input.tokenTable;
          if (runs !== undefined) {
            // A level-p sequence is its children's slots: equal slots, equal inputs (zero slots,
            // zero states), unless dropout masks each copy differently.
            const childSlots = runs.slot;
            if (this.skipPadding) {
              input.stepMask = tf.reshape(
                tf.tensor1d(Float32Array.from(childSlots, (slot) => (slot > 0 ? 1 : 0))),
                [-1, n],
              ) as tf.Tensor2D;
            }
            runs = planRuns(childSlots, n, {
              skipEmpty: this.skipPadding,
              mergeEqual: dropoutCall < 0 && merge,
            });
          }
          tokensPerStep *= p === 1 ? this.minimalLength : this.slices[p - 2]!;
        }
        const output = runLevel(layers, input, runs);
        states = output.states;
        if (collect && output.attention !== undefined) {
          const steps = output.attention.shape[1];
          attention.push({
            level: p,
            weights: tf.reshape(output.attention, [batch, -1, steps]) as tf.Tensor3D,
            tokensPerStep,
          });
        } else {
          output.attention?.dispose();
        }
      });
      return { output: states!, attention } as unknown as tf.TensorContainer;
    }) as unknown as { output: tf.Tensor2D; attention: LevelAttention[] };
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: tf.serialization.ConfigDict = {},
  ): tf.Tensor {
    return this.run(inputs, kwargs['training'] === true, false).output;
  }

  /**
   * The attention weights of every level that has attention, for `inputs` (as for `apply`:
   * features, or `[features, ids]`). The caller disposes the tensors.
   */
  attentionWeights(inputs: tf.Tensor | tf.Tensor[]): LevelAttention[] {
    const { output, attention } = this.run(inputs, false, true);
    output.dispose();
    return attention;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: Record<string, unknown> = {
      ...super.getConfig(),
      slices: [...this.slices],
      minimalLength: this.minimalLength,
      // Fields at their defaults are left out, so a plain SRNN's config is what earlier versions wrote.
      levels: this.levels.map((level) => ({
        cell: level.cell,
        options: { ...level.options },
        ...(level.bidirectional === true
          ? { bidirectional: true, merge: level.merge ?? 'concat' }
          : {}),
        ...(level.attention !== undefined ? { attention: { ...level.attention } } : {}),
      })),
    };
    if (this.skipPadding) config['skipPadding'] = true;
    if (this.dropout > 0) config['dropout'] = this.dropout;
    if (this.dropoutSeed !== undefined) config['dropoutSeed'] = this.dropoutSeed;
    return config as tf.serialization.ConfigDict;
  }
}

tf.serialization.registerClass(SlicedRNN);
