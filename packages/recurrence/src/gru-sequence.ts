import * as tf from '@tensorflow/tfjs';
import { ACTIVATION_CODES, RECURRENT_ACTIVATION_CODES } from './activation-math';
import { tensorActivation } from './activation-ops';
import {
  fusedGruAvailable,
  type GruKernelAttrs,
  registerGruKernels,
  runBackwardKernel,
  runForwardKernel,
} from './gru-kernels';
import { type GruSequenceOptions, resolveGruSequenceOptions } from './gru-options';
import { gruLastStateWithOps } from './gru-sequence-ops';

const NAME = 'gruSequenceLastState';

function checkShapes(projection: tf.Tensor, recurrentKernel: tf.Tensor): void {
  if (!(projection instanceof tf.Tensor) || !(recurrentKernel instanceof tf.Tensor)) {
    throw new Error(`${NAME}: inputProjection and recurrentKernel must be tensors`);
  }
  const units = recurrentKernel.shape[0] ?? 0;
  if (recurrentKernel.rank !== 2 || recurrentKernel.shape[1] !== 3 * units || units === 0) {
    throw new Error(
      `${NAME}: recurrentKernel must be [units, 3 * units] with units >= 1; ` +
        `got [${recurrentKernel.shape.join(', ')}]`,
    );
  }
  if (projection.rank !== 3 || projection.shape[2] !== 3 * units) {
    throw new Error(
      `${NAME}: inputProjection must be rank 3 with last dimension 3 * units = ${3 * units}; ` +
        `got [${projection.shape.join(', ')}]`,
    );
  }
  if (projection.size === 0) {
    throw new Error(
      `${NAME}: inputProjection [${projection.shape.join(', ')}] is empty; ` +
        'steps and sequences must be at least 1',
    );
  }
  for (const [name, t] of [
    ['inputProjection', projection],
    ['recurrentKernel', recurrentKernel],
  ] as const) {
    if (t.dtype !== 'float32')
      throw new Error(`${NAME}: ${name} has dtype ${t.dtype}; expected float32`);
  }
}

/** The fused recurrence as one differentiable op (forward and backward each one kernel call). */
function fusedLastState(
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  attrs: GruKernelAttrs,
): tf.Tensor2D {
  const op = tf.customGrad((...args: unknown[]) => {
    const [p, k, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.GradSaveFunc];
    const [last, states, gates] = runForwardKernel(p, k, attrs);
    save([states, gates, k]);
    return {
      value: last,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedStates, savedGates, savedKernel] = saved as [
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor2D,
        ];
        return runBackwardKernel(
          {
            lastStateGradient: dy as tf.Tensor2D,
            states: savedStates,
            gates: savedGates,
            recurrentKernel: savedKernel,
          },
          attrs,
        );
      },
    };
  });
  return op(projection, recurrentKernel) as tf.Tensor2D;
}

/**
 * Runs a GRU (Keras `reset_after=False`: gate blocks z | r | h, reset applied before the recurrent
 * product) from a zero state over precomputed input projections and returns the last state.
 *
 * `inputProjection` is x·W + b for every step, `[sequences, steps, 3 * units]` (or
 * `[steps, sequences, 3 * units]` with `timeMajor: true`); `recurrentKernel` is `[units, 3 * units]`.
 * On the cpu and wasm backends, with named activations, the whole recurrence runs in one kernel
 * call and so does its gradient (w.r.t. both inputs); elsewhere it runs as tfjs ops per step.
 *
 * @returns the last hidden state `[sequences, units]`
 * @throws if shapes or options are invalid, or if `implementation: 'fused'` cannot be honoured
 */
export function gruSequenceLastState(
  inputProjection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  options: GruSequenceOptions = {},
): tf.Tensor2D {
  const o = resolveGruSequenceOptions(options);
  checkShapes(inputProjection, recurrentKernel);
  const named =
    typeof o.activation === 'string' && typeof o.recurrentActivation === 'string'
      ? { activation: o.activation, recurrentActivation: o.recurrentActivation }
      : null;
  const fusedHere = fusedGruAvailable();
  if (o.implementation === 'fused' && (named === null || !fusedHere)) {
    throw new Error(
      `${NAME}: implementation 'fused' needs named activations and the cpu or wasm backend; ` +
        `backend is '${tf.getBackend()}'` +
        (named === null ? ', and an activation is a custom function' : ''),
    );
  }
  if (o.implementation === 'ops' || named === null || !fusedHere) {
    return gruLastStateWithOps(
      inputProjection,
      recurrentKernel,
      o.timeMajor,
      tensorActivation(o.activation),
      tensorActivation(o.recurrentActivation),
    );
  }
  registerGruKernels();
  return fusedLastState(inputProjection, recurrentKernel, {
    timeMajor: o.timeMajor,
    activation: ACTIVATION_CODES[named.activation],
    recurrentActivation: RECURRENT_ACTIVATION_CODES[named.recurrentActivation],
  });
}
