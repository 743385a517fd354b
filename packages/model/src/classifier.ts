import * as tf from '@tensorflow/tfjs';
import { createEncoder, getCell } from '@srnn/cells';
import { parseOptions } from '@srnn/errors';
import { parseSpec, plan, type SlicePlan } from '@srnn/slicing';
import {
  classifierConfigSchema,
  type ClassifierConfig,
  type ResolvedClassifierConfig,
} from './classifier-config';
import { CausalConvStack } from './causal-conv-stack';
import { FrontPadding } from './front-padding';
import { levelWidth, type LevelCell } from './level-config';
import { SlicedRNN } from './sliced-rnn';
import { TokenEmbedding } from './token-embedding';

/** What {@link buildClassifier} records in the model's user-defined metadata under `srnn`. */
export interface ClassifierDescription {
  architecture: ResolvedClassifierConfig['architecture'];
  vocabularySize: number;
  embeddingDim: number;
  maxLength: number;
  classes: number;
  /** The slicing plan (architecture 'srnn' only). */
  plan?: SlicePlan;
  /**
   * The cell of each level ('srnn', with its direction, merge and attention), or the one cell
   * ('rnn'); absent for 'dccnn'.
   */
  cells?: LevelCell[];
  /** The packages that register the cells used (import them before loading the model). */
  cellPackages?: string[];
  /** ('srnn') Whether levels skip sequences without a real token. */
  skipPadding?: boolean;
  /** ('srnn') Dropout rate between levels in training. */
  dropout?: number;
  /** DCCNN layout: convolution layers and filters per layer. */
  convolution?: { layers: number; filters: number; kernelSize: number };
}

// Seed offsets keep every initialiser's stream distinct while staying reproducible from one seed.
const seedOffsets = {
  embedding: 0,
  output: 1,
  levels: 100,
  convolutions: 200,
  dropout: 300,
} as const;

/** The packages that register `levels`' cells, as the cells say (sorted, once each). */
function cellPackagesOf(levels: readonly LevelCell[]): string[] {
  const names = levels.map((level) => getCell(level.cell).packageName);
  return [...new Set(names.filter((name): name is string => name !== undefined))].sort();
}

function derivedSeed(seed: number | undefined, offset: number): number | undefined {
  return seed === undefined ? undefined : seed + offset;
}

/** Validates a classifier configuration, with errors naming the field and the allowed values. */
export function parseClassifierConfig(config: ClassifierConfig): ResolvedClassifierConfig {
  return parseOptions(classifierConfigSchema, config, 'classifier config');
}

/** Resolves the `slicing` field against `maxLength` into a SlicePlan. */
export function planFor(config: ResolvedClassifierConfig): SlicePlan {
  const slicing = config.slicing;
  if (slicing === undefined)
    throw new Error("Invalid classifier config: slicing: is required for 'srnn'");
  const input =
    typeof slicing === 'string'
      ? { slices: parseSpec(slicing).slices }
      : Array.isArray(slicing)
        ? { slices: slicing }
        : slicing;
  return plan({ length: config.maxLength, ...input });
}

/** `bidirectional` as given, or true for a `BiSRNN` slicing name; a contradiction is an error. */
function bidirectionalOf(config: ResolvedClassifierConfig): boolean | boolean[] {
  const named =
    typeof config.slicing === 'string' && parseSpec(config.slicing).bidirectional === true;
  if (named && config.bidirectional === false) {
    throw new Error(
      `Invalid classifier config: bidirectional: is false but slicing '${String(config.slicing)}' names a bidirectional SRNN; drop one of them`,
    );
  }
  return config.bidirectional ?? named;
}

/**
 * The cell of each of `count` levels, from the `cell`, `cellOptions`, `units`, `seed`,
 * `bidirectional`, `merge`, `attention` and `attentionUnits` fields.
 */
function levelCells(config: ResolvedClassifierConfig, count: number): LevelCell[] {
  const pick = <T>(value: T | T[], field: string, level: number): T => {
    if (!Array.isArray(value)) return value;
    if (value.length !== count) {
      throw new Error(
        `Invalid classifier config: ${field}: has ${value.length} entries but the model has ${count} level(s); give one value or one per level`,
      );
    }
    return value[level] as T;
  };
  const bidirectional = bidirectionalOf(config);
  return Array.from({ length: count }, (_, level) => {
    const options = pick(config.cellOptions, 'cellOptions', level);
    const cell: LevelCell = {
      cell: pick(config.cell, 'cell', level),
      options: {
        seed: derivedSeed(config.seed, seedOffsets.levels + 10 * level),
        ...options,
        units: typeof options['units'] === 'number' ? options['units'] : config.units,
      },
    };
    if (pick(bidirectional, 'bidirectional', level)) {
      cell.bidirectional = true;
      cell.merge = pick(config.merge, 'merge', level);
    }
    if (pick(config.attention, 'attention', level)) {
      cell.attention = { units: config.attentionUnits ?? levelWidth(cell) };
    }
    return cell;
  });
}

function embeddingTensor(config: ResolvedClassifierConfig): tf.Tensor2D | undefined {
  const matrix = config.embeddingMatrix;
  if (matrix === undefined) return undefined;
  const shape: [number, number] = [config.vocabularySize, config.embeddingDim];
  const size = shape[0] * shape[1];
  if (matrix instanceof tf.Tensor) {
    if (matrix.shape.join() !== shape.join()) {
      throw new Error(
        `Invalid classifier config: embeddingMatrix: has shape [${matrix.shape.join(', ')}], expected [${shape.join(', ')}] (vocabularySize x embeddingDim)`,
      );
    }
    return tf.clone(matrix) as tf.Tensor2D;
  }
  if (matrix.length !== size) {
    throw new Error(
      `Invalid classifier config: embeddingMatrix: has ${matrix.length} values, expected ${size} (vocabularySize ${shape[0]} x embeddingDim ${shape[1]})`,
    );
  }
  return tf.tensor2d(matrix, shape);
}

/** ceil(log2(T)) causal convolutions with doubling dilation: as many layers as SRNN(2, k). */
function dccnnLayers(maxLength: number): number {
  return Math.max(1, Math.ceil(Math.log2(maxLength)));
}

/**
 * Builds an (uncompiled) classifier: int32 token ids `[batch, maxLength]`, front-padded, to softmax
 * class probabilities `[batch, classes]`. Architecture 'srnn' embeds the tokens and runs a
 * {@link SlicedRNN}; 'rnn' runs the level-0 cell over the whole sequence; 'dccnn' runs the paper's
 * dilated causal convolution baseline. A description is stored in the model's user-defined metadata
 * under `srnn` (see {@link ClassifierDescription}).
 *
 * @throws Error naming the field and the allowed values when the configuration is invalid.
 */
export function buildClassifier(config: ClassifierConfig): tf.LayersModel {
  const resolved = parseClassifierConfig(config);
  const { architecture, maxLength, seed } = resolved;
  const description: ClassifierDescription = {
    architecture,
    vocabularySize: resolved.vocabularySize,
    embeddingDim: resolved.embeddingDim,
    maxLength,
    classes: resolved.classes,
  };
  const slicePlan = architecture === 'srnn' ? planFor(resolved) : undefined;
  const pretrained = embeddingTensor(resolved);

  const tokens = tf.input({ shape: [maxLength], dtype: 'int32', name: 'tokens' });
  let ids: tf.SymbolicTensor = tokens;
  if (slicePlan !== undefined && slicePlan.frontPadding > 0) {
    // Padding ids (0) at the front, exactly what the tokenizer would have done for a longer maxLength.
    ids = new FrontPadding({ padding: slicePlan.frontPadding, name: 'front_padding' }).apply(
      ids,
    ) as tf.SymbolicTensor;
  }
  const embedding = new TokenEmbedding({
    inputDim: resolved.vocabularySize,
    outputDim: resolved.embeddingDim,
    trainable: resolved.embeddingTrainable,
    seed: derivedSeed(seed, seedOffsets.embedding),
    name: 'embedding',
  });
  let features = embedding.apply(ids) as tf.SymbolicTensor;

  // The token ids go to the first recurrent level with the embedded rows, so that its input
  // projection computes each distinct token once (and, skipping padding, finds the padding).
  if (architecture === 'srnn' && slicePlan !== undefined) {
    const levels = levelCells(resolved, slicePlan.depth + 1);
    description.plan = slicePlan;
    description.cells = levels;
    description.cellPackages = cellPackagesOf(levels);
    description.skipPadding = resolved.skipPadding;
    description.dropout = resolved.dropout;
    features = new SlicedRNN({
      slices: slicePlan.slices,
      minimalLength: slicePlan.minimalLength,
      levels,
      skipPadding: resolved.skipPadding,
      dropout: resolved.dropout,
      ...(resolved.dropout > 0 && seed !== undefined
        ? { dropoutSeed: derivedSeed(seed, seedOffsets.dropout) }
        : {}),
      name: 'srnn',
    }).apply([features, ids]) as tf.SymbolicTensor;
  } else if (architecture === 'rnn') {
    const [level] = levelCells(resolved, 1);
    description.cells = [level!];
    description.cellPackages = cellPackagesOf([level!]);
    features = createEncoder(level!.cell, { ...level!.options, name: 'rnn' }).apply([
      features,
      ids,
    ]) as tf.SymbolicTensor;
  } else {
    const layers = dccnnLayers(maxLength);
    const filters = resolved.filters ?? resolved.units;
    description.convolution = { layers, filters, kernelSize: 2 };
    features = new CausalConvStack({
      depth: layers,
      filters,
      seed: derivedSeed(seed, seedOffsets.convolutions),
      name: 'dccnn',
    }).apply(features) as tf.SymbolicTensor;
  }

  const probabilities = tf.layers
    .dense({
      units: resolved.classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({
        seed: derivedSeed(seed, seedOffsets.output),
      }),
      name: 'classes',
    })
    .apply(features) as tf.SymbolicTensor;

  const model = tf.model({
    inputs: tokens,
    outputs: probabilities,
    name: `${architecture}_classifier`,
  });
  if (pretrained !== undefined) {
    embedding.setWeights([pretrained]);
    pretrained.dispose();
  }
  model.setUserDefinedMetadata({ srnn: JSON.parse(JSON.stringify(description)) });
  return model;
}
