/**
 * The basis of `pnpm reproduce`'s duration estimates: a few training steps of each model, timed
 * at the run's sizes on one batch of seeded random ids, and one timed evaluation batch. Random ids
 * hold more distinct tokens than text, so the estimate errs long where the input projection is
 * computed once per distinct token.
 */
import * as tf from '@tensorflow/tfjs';
import { randomTokenBatch, timeTrainingSteps } from '@srnn/eval';
import { buildClassifier } from '@srnn/model';
import type { ModelVariant } from '../lineup';

export interface EstimateSizes {
  maxLength: number;
  vocabulary: number;
  embeddingDim: number;
  units: number;
  classes: number;
  batchSize: number;
  seed: number;
}

export interface StepEstimate {
  /** Median ms of the timed training steps (after the warm-up). */
  msPerStep: number;
  /** ms of one forward pass over a batch, as validation and test run it. */
  msPerEvaluationBatch: number;
}

/** Warm-up and timed training steps per model: enough to see the step's cost, cheap to run. */
export const ESTIMATE_STEPS = { warmup: 1, timed: 2 } as const;

export async function estimateSteps(
  variant: ModelVariant,
  sizes: EstimateSizes,
): Promise<StepEstimate> {
  const model = buildClassifier({
    architecture: variant.architecture,
    ...(variant.spec ? { slicing: variant.spec } : {}),
    ...(variant.cell ? { cell: variant.cell } : {}),
    ...(variant.attention ? { attention: true } : {}),
    ...(variant.skipPadding ? { skipPadding: true } : {}),
    vocabularySize: sizes.vocabulary,
    embeddingDim: sizes.embeddingDim,
    maxLength: sizes.maxLength,
    units: sizes.units,
    classes: sizes.classes,
    seed: sizes.seed,
  });
  const batch = randomTokenBatch(
    sizes.batchSize,
    sizes.maxLength,
    sizes.vocabulary,
    sizes.classes,
    sizes.seed,
  );
  const ids = tf.tensor2d(batch.x, [...batch.shape], 'int32');
  try {
    const timing = await timeTrainingSteps(model, batch, {
      steps: ESTIMATE_STEPS.timed,
      warmup: ESTIMATE_STEPS.warmup,
    });
    const started = performance.now();
    // One forward pass of the batch, as evaluation runs it (predict alone would run passes of 32).
    const out = model.predict(ids, { batchSize: sizes.batchSize }) as tf.Tensor;
    await out.data();
    out.dispose();
    return { msPerStep: timing.medianMs, msPerEvaluationBatch: performance.now() - started };
  } finally {
    ids.dispose();
    model.dispose();
  }
}
