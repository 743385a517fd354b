import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { merges, type Merge } from './level-config';

/** The classifier architectures: the paper's SRNN and its two baselines. */
export const architectures = ['srnn', 'rnn', 'dccnn'] as const;

/** One of {@link architectures}. */
export type Architecture = (typeof architectures)[number];

const positiveInteger = z.number().int().positive();

const slicingSchema = z.union([
  z.string().min(1),
  z.array(z.number().int().min(2)),
  z.object({
    slices: z.union([z.number().int().min(2), z.array(z.number().int().min(2))]),
    depth: z.number().int().min(0).optional(),
  }),
]);

const embeddingMatrixSchema = z.custom<Float32Array | tf.Tensor>(
  (value) => value instanceof Float32Array || value instanceof tf.Tensor,
  { message: 'must be a Float32Array or a tf.Tensor of vocabularySize x embeddingDim values' },
);

const cellOptionsSchema = z.record(z.string(), z.unknown());

const mergeNames = merges.map((m) => `'${m}'`).join(', ');

/** One value for every level, or a list of one per level (architecture 'srnn'). */
const perLevel = <T extends z.ZodType>(schema: T, allowed: string) =>
  z.union([schema, z.array(schema).min(1)], {
    error: () => `must be ${allowed}, or a list of one per level`,
  });

/** Zod schema of {@link ClassifierConfig}; defaults follow the paper's code. */
export const classifierConfigSchema = z
  .object({
    architecture: z.enum(architectures).default('srnn'),
    vocabularySize: z.number().int().min(2),
    embeddingDim: positiveInteger,
    embeddingMatrix: embeddingMatrixSchema.optional(),
    embeddingTrainable: z.boolean().default(true),
    maxLength: positiveInteger,
    slicing: slicingSchema.optional(),
    cell: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).default('gru'),
    cellOptions: z.union([cellOptionsSchema, z.array(cellOptionsSchema).min(1)]).default({}),
    units: positiveInteger.default(50),
    classes: z.number().int().min(2),
    filters: positiveInteger.optional(),
    seed: z.number().int().optional(),
    bidirectional: perLevel(z.boolean(), 'true or false').optional(),
    merge: perLevel(z.enum(merges), `one of ${mergeNames}`).default('concat'),
    attention: perLevel(z.boolean(), 'true or false').default(false),
    attentionUnits: positiveInteger.optional(),
    skipPadding: z.boolean({ error: () => 'must be true or false' }).default(false),
    dropout: z
      .number({ error: () => 'must be a rate in [0, 1)' })
      .min(0, 'must be a rate in [0, 1)')
      .lt(1, 'must be a rate in [0, 1)')
      .default(0),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.architecture === 'srnn' && config.slicing === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['slicing'],
        message:
          "is required for architecture 'srnn', e.g. 'SRNN(8,2)', [8, 8] or { slices: 8, depth: 2 }",
      });
    }
    if (config.architecture !== 'srnn') {
      const srnnOnly: Array<[string, boolean]> = [
        ['bidirectional', config.bidirectional !== undefined && config.bidirectional !== false],
        ['attention', config.attention !== false],
        ['skipPadding', config.skipPadding],
        ['dropout', config.dropout > 0],
      ];
      for (const [field, set] of srnnOnly) {
        if (set) {
          context.addIssue({
            code: 'custom',
            path: [field],
            message: `applies to architecture 'srnn' only (got architecture '${config.architecture}')`,
          });
        }
      }
      for (const field of ['cell', 'cellOptions'] as const) {
        if (Array.isArray(config[field]) && (config[field] as unknown[]).length !== 1) {
          context.addIssue({
            code: 'custom',
            path: [field],
            message: `a per-level list only applies to architecture 'srnn'; give one value`,
          });
        }
      }
    }
  });

/**
 * Configuration of {@link buildClassifier}: token ids `[batch, maxLength]` to class probabilities.
 */
export interface ClassifierConfig {
  /** `'srnn'` (default), `'rnn'` (one cell over the whole sequence) or `'dccnn'`. */
  architecture?: Architecture;
  /** Rows of the embedding matrix (number of token ids, 0 = padding included). */
  vocabularySize: number;
  /** Columns of the embedding matrix. */
  embeddingDim: number;
  /** Pretrained embeddings, vocabularySize x embeddingDim, row-major. */
  embeddingMatrix?: Float32Array | tf.Tensor;
  /** Whether the embedding is trained. Default true (as in the paper). */
  embeddingTrainable?: boolean;
  /** Length of the (front-padded) input rows. */
  maxLength: number;
  /**
   * The SRNN plan: a name (`'SRNN(8,2)'`, `'SRNN[8,4,2]'`), a bottom-up list of slice numbers, or
   * `{ slices, depth }`. Required for `'srnn'`. Rows shorter than the plan's padded length are padded
   * at the front inside the model.
   */
  slicing?: string | number[] | { slices: number | number[]; depth?: number };
  /** Registered cell name, or one per level for `'srnn'`. Default `'gru'`. */
  cell?: string | string[];
  /** Cell options (beyond units and seed), or one object per level for `'srnn'`. */
  cellOptions?: Record<string, unknown> | Record<string, unknown>[];
  /** Hidden units of every level (a level's `cellOptions.units` overrides). Default 50. */
  units?: number;
  /** Number of classes of the softmax output. */
  classes: number;
  /** DCCNN filters per convolution layer. Default `units`. */
  filters?: number;
  /** Seed for every initialiser; equal seeds build equal models. */
  seed?: number;
  /**
   * ('srnn') Run every level, or each level given `true` in a per-level list, forwards and
   * backwards with two encoders and merge their states. Default false, or true for a
   * `'BiSRNN(n,k)'` slicing name.
   */
  bidirectional?: boolean | boolean[];
  /** ('srnn') How a bidirectional level merges: `'concat'` (default), `'sum'`, `'average'`; or one per level. */
  merge?: Merge | Merge[];
  /** ('srnn') Attention pooling instead of the last state, on every level or per level. Default false. */
  attention?: boolean | boolean[];
  /** ('srnn') Width of the attention's hidden layer. Default: the level's output width. */
  attentionUnits?: number;
  /**
   * ('srnn') Run each level only over the sequences that hold a real token (id != 0), empty ones
   * get a zero state. Default false: the paper's computation.
   */
  skipPadding?: boolean;
  /** ('srnn') Dropout rate between levels in training, seeded from `seed`. Default 0 (none). */
  dropout?: number;
}

/** A {@link ClassifierConfig} after validation, defaults filled. */
export type ResolvedClassifierConfig = z.output<typeof classifierConfigSchema>;
