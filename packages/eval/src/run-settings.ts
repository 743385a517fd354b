import type * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { CHECKPOINT_FILE } from './checkpoint';
import { defaultEvaluationBatchSize } from './predict';
import type { ResolvedTrainOptions } from './train-options';
import type { TrainingFingerprint, TrainingSettings } from './training-types';

/** The settings of a run as results and reports record them. */
export function describeSettings(
  options: ResolvedTrainOptions,
  model: tf.LayersModel,
): TrainingSettings {
  return {
    name: options.name,
    seed: options.seed,
    batchSize: options.batchSize,
    evaluationBatchSize:
      options.evaluationBatchSize ??
      defaultEvaluationBatchSize(options.batchSize, options.train.shape[1]),
    epochs: options.epochs,
    patience: options.patience ?? null,
    adam: { ...options.adam },
    gradientClipNorm: options.gradientClipNorm ?? null,
    learningRateSchedule: options.learningRateSchedule,
    checkpointEveryMinutes: options.checkpointEveryMinutes,
    loss: 'categorical cross-entropy on softmax outputs',
    trainShape: [...options.train.shape],
    validationShape: [...options.validation.shape],
    testShape: options.test ? [...options.test.shape] : null,
    parameterCount: model.countParams(),
  };
}

/** What a checkpoint must share with the run that resumes it. */
export function fingerprintOf(
  options: ResolvedTrainOptions,
  model: tf.LayersModel,
): TrainingFingerprint {
  return {
    seed: options.seed,
    batchSize: options.batchSize,
    adam: { ...options.adam },
    trainShape: [...options.train.shape],
    validationShape: [...options.validation.shape],
    weightShapes: model.weights.map((w) => [...w.shape] as number[]),
    gradientClipNorm: options.gradientClipNorm ?? null,
    learningRateSchedule: options.learningRateSchedule,
  };
}

/** Names the settings that differ between a checkpoint and this run. */
export function assertSameFingerprint(
  saved: TrainingFingerprint,
  current: TrainingFingerprint,
  outputDir: string,
): void {
  const differing = (Object.keys(current) as (keyof TrainingFingerprint)[]).filter(
    (key) => JSON.stringify(saved[key]) !== JSON.stringify(current[key]),
  );
  if (differing.length > 0) {
    const details = differing
      .map(
        (key) =>
          `${key}: checkpoint ${JSON.stringify(saved[key])}, now ${JSON.stringify(current[key])}`,
      )
      .join('; ');
    throw new Error(
      `cannot resume from ${join(outputDir, CHECKPOINT_FILE)}: it was made with different settings (${details}). ` +
        'Use the same settings, a new outputDir, or resume: false to start over.',
    );
  }
}
