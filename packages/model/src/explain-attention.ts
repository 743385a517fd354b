import * as tf from '@tensorflow/tfjs';
import { SlicedRNN, type LevelAttention } from './sliced-rnn';
import { TokenEmbedding } from './token-embedding';

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
  // apply, not predict: one pass over every row, and the tensors as the layers made them (predict
  // concatenates copies, and the SRNN layer must see its embedding's own output).
  const computed = inputs.apply(ids) as tf.Tensor[];
  // The SRNN layer does not run in that model, so the embedding's placeholder (see TokenEmbedding)
  // would outlive the run whose ids it stands for: look the rows up for the ids the layer takes.
  const source = (layer.input as tf.SymbolicTensor[])[0]?.sourceLayer;
  if (
    source instanceof TokenEmbedding &&
    computed.length === 2 &&
    TokenEmbedding.isPlaceholder(computed[0]!)
  ) {
    computed[0]!.dispose();
    computed[0] = source.lookUp(computed[1]!);
  }
  try {
    return layer.attentionWeights(computed);
  } finally {
    tf.dispose(computed);
  }
}
