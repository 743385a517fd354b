import * as tf from '@tensorflow/tfjs';
import { SlicedRNN, type LevelAttention } from './sliced-rnn';

/**
 * The attention weights of an SRNN classifier's levels for token ids `[batch, maxLength]` (as
 * given to `predict`): for each level with attention, `[batch, s_p, l_p]` weights and the tokens
 * one step covers, in the coordinates of the model's padded input; the plan's front padding
 * (`description.plan.frontPadding`) comes before the caller's first token. Empty when no level
 * has attention. The caller disposes the tensors.
 *
 * @throws when the model has no SlicedRNN layer.
 */
export function explainAttention(model: tf.LayersModel, ids: tf.Tensor): LevelAttention[] {
  const layer = model.layers.find(
    (candidate): candidate is SlicedRNN => candidate instanceof SlicedRNN,
  );
  if (layer === undefined) {
    throw new Error(
      `explainAttention: model '${model.name}' has no SlicedRNN layer (architecture 'srnn')`,
    );
  }
  if (!layer.levels.some((level) => level.attention !== undefined)) return [];
  // The layer's inputs (embedded rows and, when wired, the padded ids), computed by the model.
  const inputs = tf.model({ inputs: model.inputs, outputs: layer.input });
  // In one pass: tf.LayersModel.predict would cut the rows into passes of 32 and concatenate them.
  const computed = inputs.predict(ids, { batchSize: Math.max(1, ids.shape[0] ?? 1) });
  try {
    return layer.attentionWeights(computed);
  } finally {
    tf.dispose(computed);
  }
}
