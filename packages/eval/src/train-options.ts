import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { learningRateScheduleSchema } from './learning-rate-schedule';
import type { EncodedSplit } from './splits';
import { parseOptions } from '@srnn/errors';

/** Progress display: cli-progress bar, plain periodic lines, nothing, or bar-if-TTY-else-lines. */
export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

/** Anything with `aborted`, e.g. an AbortSignal: training stops after the current step once true. */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/** Where progress text goes (process.stderr by default). */
export interface TextSink {
  write(text: string): unknown;
  /** When true, 'auto' progress draws a bar. */
  readonly isTTY?: boolean;
}

/** Reported after every optimisation step (for logging, or to stop from the outside). */
export interface StepInfo {
  /** 1-based epoch. */
  readonly epoch: number;
  /** 1-based step within the epoch. */
  readonly step: number;
  readonly stepsPerEpoch: number;
  /** Steps taken since the run began, over all epochs and sessions. */
  readonly globalStep: number;
  readonly loss: number;
  /** The learning rate this step used. */
  readonly learningRate: number;
  /** Global L2 norm of the gradients before clipping; only when `gradientClipNorm` is set. */
  readonly gradientNorm?: number;
}

const positiveInt = (field: string) =>
  z
    .number({ error: `${field} must be an integer >= 1` })
    .int({ error: `${field} must be an integer >= 1` })
    .min(1, { error: `${field} must be an integer >= 1` });

const isSplit = (value: unknown): value is EncodedSplit => {
  const v = value as Partial<EncodedSplit> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.x instanceof Int32Array || v.x instanceof Uint16Array) &&
    v.y instanceof Int32Array &&
    (v.rows === undefined || v.rows instanceof Int32Array) &&
    (v.offsets === undefined ||
      v.offsets instanceof Uint32Array ||
      v.offsets instanceof Float64Array) &&
    (v.padding === undefined || v.padding === 'pre' || v.padding === 'post') &&
    Array.isArray(v.shape) &&
    v.shape.length === 2
  );
};
const splitSchema = (field: string) =>
  z.custom<EncodedSplit>(isSplit, {
    error: `${field} must be { x: Int32Array or Uint16Array, shape: [n, maxLen], y: Int32Array, rows?: Int32Array, offsets?: Uint32Array or Float64Array, padding?: 'pre' or 'post' }`,
  });

const isLayersModel = (value: unknown): value is tf.LayersModel => {
  const v = value as Partial<tf.LayersModel> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.apply === 'function' &&
    typeof v.predict === 'function' &&
    Array.isArray(v.trainableWeights) &&
    Array.isArray(v.outputs)
  );
};

/** Adam hyper-parameters; the defaults are the paper's (Keras's) values. */
export const adamSchema = z.strictObject({
  learningRate: z
    .number({ error: 'adam.learningRate must be a number > 0' })
    .positive({ error: 'adam.learningRate must be a number > 0' })
    .default(0.001),
  beta1: z
    .number({ error: 'adam.beta1 must be a number in [0, 1)' })
    .min(0, { error: 'adam.beta1 must be a number in [0, 1)' })
    .lt(1, { error: 'adam.beta1 must be a number in [0, 1)' })
    .default(0.9),
  beta2: z
    .number({ error: 'adam.beta2 must be a number in [0, 1)' })
    .min(0, { error: 'adam.beta2 must be a number in [0, 1)' })
    .lt(1, { error: 'adam.beta2 must be a number in [0, 1)' })
    .default(0.999),
  epsilon: z
    .number({ error: 'adam.epsilon must be a number > 0' })
    .positive({ error: 'adam.epsilon must be a number > 0' })
    .default(1e-8),
  /**
   * 'fused' (default): @srnn/optimizers' exact Adam, one pass per variable (same figures as
   * tf.train.adam, several times faster on large embeddings); 'tfjs': tf.train.adam itself.
   */
  implementation: z
    .enum(['fused', 'tfjs'], { error: "adam.implementation must be one of 'fused', 'tfjs'" })
    .default('fused'),
});

/** Every option of {@link trainClassifier}, validated in one place. */
export const trainOptionsSchema = z.strictObject({
  /** The classifier: int32 ids [batch, maxLen] -> softmax [batch, classes]. */
  model: z.custom<tf.LayersModel>(isLayersModel, { error: 'model must be a tf.LayersModel' }),
  train: splitSchema('train'),
  validation: splitSchema('validation'),
  test: splitSchema('test').optional(),
  /** Folder for checkpoints, best weights and the run summary; reuse it to resume. */
  outputDir: z
    .string({ error: 'outputDir must be a non-empty path string' })
    .min(1, { error: 'outputDir must be a non-empty path string' }),
  /** A name for this run in reports (e.g. 'SRNN(8,2)'). */
  name: z.string({ error: 'name must be a string' }).default('model'),
  /** Seed of the batching PRNG (2018, the paper's numpy seed, by default). */
  seed: z
    .number({ error: 'seed must be an integer' })
    .int({ error: 'seed must be an integer' })
    .default(2018),
  batchSize: positiveInt('batchSize').default(100),
  epochs: positiveInt('epochs').default(10),
  /**
   * Rows per forward pass when evaluating. Default: passes of about 131,072 tokens
   * (`defaultEvaluationBatchSize`: 512 rows at T = 256), never fewer than batchSize.
   */
  evaluationBatchSize: positiveInt('evaluationBatchSize').optional(),
  adam: adamSchema.prefault({}),
  /**
   * Clip the gradients by their global L2 norm to this value before each update (TensorFlow's
   * clip_by_global_norm). Off by default, as in the paper.
   */
  gradientClipNorm: z
    .number({ error: 'gradientClipNorm must be a finite number > 0' })
    .positive({ error: 'gradientClipNorm must be a finite number > 0' })
    .refine(Number.isFinite, { error: 'gradientClipNorm must be a finite number > 0' })
    .optional(),
  /** How the learning rate moves over the run; constant (the paper's) by default. */
  learningRateSchedule: learningRateScheduleSchema.prefault({ kind: 'constant' }),
  /**
   * Minutes between checkpoints within an epoch (one is also written after every epoch), so a
   * killed process loses at most this much training. Fractions are allowed.
   */
  checkpointEveryMinutes: z
    .number({ error: 'checkpointEveryMinutes must be a number > 0' })
    .positive({ error: 'checkpointEveryMinutes must be a number > 0' })
    .default(10),
  /** Stop when validation accuracy has not improved for this many epochs. */
  patience: positiveInt('patience').optional(),
  progress: z
    .enum(['auto', 'bar', 'lines', 'none'], {
      error: "progress must be one of 'auto', 'bar', 'lines', 'none'",
    })
    .default('auto'),
  progressStream: z
    .custom<TextSink>((v) => typeof (v as TextSink | null)?.write === 'function', {
      error: 'progressStream must have a write(text) method',
    })
    .optional(),
  /** Seconds between progress lines in 'lines' mode. */
  progressIntervalSeconds: z
    .number({ error: 'progressIntervalSeconds must be a number >= 0' })
    .min(0, { error: 'progressIntervalSeconds must be a number >= 0' })
    .default(10),
  /** Resume from a checkpoint in outputDir when there is one (default true). */
  resume: z.boolean({ error: 'resume must be true or false' }).default(true),
  signal: z
    .custom<AbortSignalLike>((v) => typeof (v as AbortSignalLike | null)?.aborted === 'boolean', {
      error: 'signal must be an AbortSignal or an object with a boolean `aborted`',
    })
    .optional(),
  /** Catch SIGINT/SIGTERM during training to checkpoint and return (default true). */
  handleSignals: z.boolean({ error: 'handleSignals must be true or false' }).default(true),
  onStepEnd: z
    .custom<(info: StepInfo) => void>((v) => typeof v === 'function', {
      error: 'onStepEnd must be a function',
    })
    .optional(),
});

/** Options as callers write them (defaults optional). */
export type TrainOptions = z.input<typeof trainOptionsSchema>;
/** Options after validation, with defaults filled in. */
export type ResolvedTrainOptions = z.output<typeof trainOptionsSchema>;

/** Validates options, throwing one error that names each bad field and its allowed values. */
export function parseTrainOptions(options: unknown): ResolvedTrainOptions {
  return parseOptions(trainOptionsSchema, options, 'trainClassifier options');
}
