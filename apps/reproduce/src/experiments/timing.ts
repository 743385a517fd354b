/**
 * What the speed experiments share: a seeded batch of random token ids, the model line-up by
 * name, and timing one model's training steps.
 */
import * as tf from '@tensorflow/tfjs';
import { randomTokenBatch, timeTrainingSteps, type EncodedSplit } from '@srnn/eval';
import { setMultiplyAdd } from '@srnn/backend';
import { buildClassifier } from '@srnn/model';
// Registers every cell the pipeline knows, so that a SpeedModel may name any of them.
import '../cells';

export interface ModelSizes {
  vocabulary: number;
  embeddingDim: number;
  units: number;
  classes: number;
  seed: number;
}

/** The paper's sizes: vocabulary 30,000, embedding 200, GRU(50), 5 classes. */
export const PAPER_SIZES: ModelSizes = {
  vocabulary: 30000,
  embeddingDim: 200,
  units: 50,
  classes: 5,
  seed: 2018,
};

/** A seeded batch of random token ids and labels at the given sizes. */
export function randomBatch(
  rows: number,
  length: number,
  sizes: ModelSizes,
): EncodedSplit<Int32Array> {
  return randomTokenBatch(rows, length, sizes.vocabulary, sizes.classes, sizes.seed);
}

/**
 * 'srnn': SRNN with the given spec; 'gru': this project's standard GRU (fused recurrence);
 * 'tfjs-gru': TensorFlow.js's own tf.layers.gru with the paper's settings (linear activation,
 * sigmoid gates), what a TensorFlow.js user has today.
 */
export type SpeedModel =
  | {
      kind: 'srnn';
      spec: string;
      cell?: string;
      skipPadding?: boolean;
      /** Times the step with the tiles' separate multiply and add (see @srnn/backend). */
      separateMultiplyAdd?: boolean;
    }
  | { kind: 'gru' }
  | { kind: 'tfjs-gru' };

export function speedModelName(model: SpeedModel): string {
  return model.kind === 'srnn'
    ? `${model.spec}${model.cell && model.cell !== 'gru' ? ` ${model.cell}` : ''}${model.skipPadding ? ' skipping padding' : ''}${model.separateMultiplyAdd ? ', separate multiply-add' : ''}`
    : model.kind === 'gru'
      ? 'GRU (ours)'
      : 'GRU (tf.layers)';
}

export function buildSpeedModel(
  model: SpeedModel,
  length: number,
  sizes: ModelSizes,
): tf.LayersModel {
  if (model.kind === 'tfjs-gru') {
    return tf.sequential({
      layers: [
        tf.layers.embedding({
          inputDim: sizes.vocabulary,
          outputDim: sizes.embeddingDim,
          inputLength: length,
        }),
        tf.layers.gru({ units: sizes.units, activation: 'linear', recurrentActivation: 'sigmoid' }),
        tf.layers.dense({ units: sizes.classes, activation: 'softmax' }),
      ],
    });
  }
  return buildClassifier({
    architecture: model.kind === 'srnn' ? 'srnn' : 'rnn',
    ...(model.kind === 'srnn'
      ? {
          slicing: model.spec,
          cell: model.cell ?? 'gru',
          ...(model.skipPadding ? { skipPadding: true } : {}),
        }
      : {}),
    vocabularySize: sizes.vocabulary,
    embeddingDim: sizes.embeddingDim,
    maxLength: length,
    units: sizes.units,
    classes: sizes.classes,
    seed: sizes.seed,
  });
}

/**
 * Median ms per training step (forward, backward, fused Adam update) of a fresh model, on `input`
 * or else on a seeded batch of uniform random ids.
 */
export async function timeSpeedModel(
  model: SpeedModel,
  length: number,
  batchSize: number,
  sizes: ModelSizes,
  steps: number,
  warmup = 1,
  input?: EncodedSplit,
): Promise<number> {
  const classifier = buildSpeedModel(model, length, sizes);
  const separate = model.kind === 'srnn' && model.separateMultiplyAdd === true;
  if (separate) setMultiplyAdd('separate');
  try {
    const timing = await timeTrainingSteps(
      classifier,
      input ?? randomBatch(batchSize, length, sizes),
      {
        steps,
        warmup,
      },
    );
    return timing.medianMs;
  } finally {
    if (separate) setMultiplyAdd('auto');
    classifier.dispose();
  }
}
