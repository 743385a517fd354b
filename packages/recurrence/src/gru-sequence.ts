import type * as tf from '@tensorflow/tfjs';
import { tensorActivation } from './activation-ops';
import { checkOperands, runCell } from './gated-recurrence';
import { gruCell, gruOpsStep } from './gru-cell';
import { type GruSequenceOptions, resolveGruSequenceOptions } from './gru-options';
import { recurrenceWithOps } from './recurrence-ops';

const GRU_BLOCKS = { inputBlocks: 3, recurrentBlocks: 3 };

/**
 * Runs a GRU (Keras `reset_after=False`: gate blocks z | r | h, reset applied before the recurrent
 * product) from a zero state over precomputed input projections: the last state, or with
 * `returnSequences` every state (in the projection's layout), running backwards with `reverse`.
 *
 * `inputProjection` is x·W + b for every step, `[sequences, steps, 3 * units]` (or
 * `[steps, sequences, 3 * units]` with `timeMajor: true`); `recurrentKernel` is `[units, 3 * units]`.
 * On the cpu and wasm backends, with named activations, the whole recurrence runs in one kernel
 * call and so does its gradient (w.r.t. both inputs); elsewhere it runs as tfjs ops per step.
 *
 * @throws if shapes or options are invalid, or if `implementation: 'fused'` cannot be honoured
 */
export function gruSequence(
  inputProjection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  options: GruSequenceOptions = {},
): tf.Tensor2D | tf.Tensor3D {
  const o = resolveGruSequenceOptions(options);
  const NAME = o.returnSequences ? 'gruSequence' : 'gruSequenceLastState';
  checkOperands(NAME, GRU_BLOCKS, inputProjection, recurrentKernel);
  const { activation, recurrentActivation } = o;
  if (typeof activation === 'string' && typeof recurrentActivation === 'string') {
    return runCell(
      gruCell(activation, recurrentActivation),
      inputProjection,
      recurrentKernel,
      o,
    ) as tf.Tensor2D | tf.Tensor3D;
  }
  if (o.implementation === 'fused') {
    throw new Error(
      `${NAME}: implementation 'fused' needs named activations and the cpu or wasm backend; ` +
        'an activation is a custom function',
    );
  }
  const step = gruOpsStep(tensorActivation(activation), tensorActivation(recurrentActivation));
  return recurrenceWithOps(step, inputProjection, recurrentKernel, {
    ...GRU_BLOCKS,
    parts: 1,
    timeMajor: o.timeMajor,
    reverse: o.reverse,
    returnSequences: o.returnSequences,
  }) as tf.Tensor2D | tf.Tensor3D;
}

/**
 * {@link gruSequence}'s last state: a GRU from a zero state over precomputed input projections.
 *
 * @returns the last hidden state `[sequences, units]`
 * @throws if shapes or options are invalid (`returnSequences` is refused here: use
 *   {@link gruSequence}), or if `implementation: 'fused'` cannot be honoured
 */
export function gruSequenceLastState(
  inputProjection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  options: GruSequenceOptions = {},
): tf.Tensor2D {
  if (options?.returnSequences === true) {
    throw new Error('gruSequenceLastState: returnSequences is not an option here; use gruSequence');
  }
  return gruSequence(inputProjection, recurrentKernel, options) as tf.Tensor2D;
}
