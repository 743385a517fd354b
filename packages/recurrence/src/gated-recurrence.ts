import * as tf from '@tensorflow/tfjs';
import type { GatedCell } from './cell-description';
import { compileCell } from './cell-plan';
import {
  fusedRecurrenceAvailable,
  runBackwardKernel,
  runForwardKernel,
} from './recurrence-kernels';
import type { RecurrenceKernelAttrs } from './recurrence-dimensions';
import { recurrenceWithOps } from './recurrence-ops';
import { type RecurrenceOptions, resolveRecurrenceOptions } from './recurrence-options';

/** Checks the operands against the cell's widths; errors name the operand and the sizes expected. */
export function checkOperands(
  name: string,
  cell: Pick<GatedCell, 'inputBlocks' | 'recurrentBlocks'>,
  projection: tf.Tensor,
  recurrentKernel: tf.Tensor,
): void {
  if (!(projection instanceof tf.Tensor) || !(recurrentKernel instanceof tf.Tensor)) {
    throw new Error(`${name}: inputProjection and recurrentKernel must be tensors`);
  }
  const { inputBlocks: IB, recurrentBlocks: RB } = cell;
  const units = recurrentKernel.shape[0] ?? 0;
  if (recurrentKernel.rank !== 2 || recurrentKernel.shape[1] !== RB * units || units === 0) {
    throw new Error(
      `${name}: recurrentKernel must be [units, ${RB} * units] with units >= 1; ` +
        `got [${recurrentKernel.shape.join(', ')}]`,
    );
  }
  if (projection.rank !== 3 || projection.shape[2] !== IB * units) {
    throw new Error(
      `${name}: inputProjection must be rank 3 with last dimension ${IB} * units = ${IB * units}; ` +
        `got [${projection.shape.join(', ')}]`,
    );
  }
  if (projection.size === 0) {
    throw new Error(
      `${name}: inputProjection [${projection.shape.join(', ')}] is empty; ` +
        'steps and sequences must be at least 1',
    );
  }
  for (const [label, t] of [
    ['inputProjection', projection],
    ['recurrentKernel', recurrentKernel],
  ] as const) {
    if (t.dtype !== 'float32')
      throw new Error(`${name}: ${label} has dtype ${t.dtype}; expected float32`);
  }
}

/** The fused recurrence as one differentiable op (forward and backward each one kernel call). */
function fused(
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  attrs: RecurrenceKernelAttrs,
  returnSequences: boolean,
): tf.Tensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const [p, k, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.GradSaveFunc];
    const { lastState, states, saved } = runForwardKernel(p, k, attrs);
    save([...states, saved, k]);
    let value: tf.Tensor = lastState;
    if (returnSequences) {
      lastState.dispose();
      value = states[0]!;
    }
    return {
      value,
      gradFunc: (dy: tf.Tensor, kept: tf.Tensor[]) => {
        const savedStates = kept.slice(0, -2) as tf.Tensor3D[];
        const [savedValues, savedKernel] = kept.slice(-2) as [tf.Tensor3D, tf.Tensor2D];
        return runBackwardKernel(
          {
            ...(returnSequences
              ? { sequenceGradient: dy as tf.Tensor3D }
              : { lastStateGradient: dy as tf.Tensor2D }),
            states: savedStates,
            saved: savedValues,
            recurrentKernel: savedKernel,
          },
          attrs,
        );
      },
    };
  });
  return op(projection, recurrentKernel);
}

/**
 * Runs a gated cell from zero states over precomputed input projections `x·W + b` of every step.
 *
 * `inputProjection` is `[sequences, steps, inputBlocks * units]` (or `[steps, sequences, ...]`
 * with `timeMajor`), `recurrentKernel` `[units, recurrentBlocks * units]`. On the cpu and wasm
 * backends the whole recurrence runs in one kernel call and so does its gradient (w.r.t. both
 * inputs); elsewhere, or with `implementation: 'ops'`, it runs as the cell's tfjs ops per step.
 *
 * @returns the last state of part 0 `[sequences, units]`, or with `returnSequences` every state
 *   of part 0 in the projection's layout
 * @throws if the cell, shapes or options are invalid, or `implementation: 'fused'` cannot run here
 */
export function gatedRecurrence(
  cell: GatedCell,
  inputProjection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  options: RecurrenceOptions & { returnSequences: true },
): tf.Tensor3D;
export function gatedRecurrence(
  cell: GatedCell,
  inputProjection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  options?: RecurrenceOptions & { returnSequences?: false },
): tf.Tensor2D;
export function gatedRecurrence(
  cell: GatedCell,
  inputProjection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  options?: RecurrenceOptions,
): tf.Tensor2D | tf.Tensor3D;
export function gatedRecurrence(
  cell: GatedCell,
  inputProjection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  options: RecurrenceOptions = {},
): tf.Tensor2D | tf.Tensor3D {
  const o = resolveRecurrenceOptions(options);
  compileCell(cell);
  checkOperands('gatedRecurrence', cell, inputProjection, recurrentKernel);
  return runCell(cell, inputProjection, recurrentKernel, o) as tf.Tensor2D | tf.Tensor3D;
}

/** The fused kernels or the ops path, by `implementation` and backend (operands checked). */
export function runCell(
  cell: GatedCell,
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  o: { timeMajor: boolean; reverse: boolean; returnSequences: boolean; implementation: string },
): tf.Tensor {
  const { plan } = compileCell(cell);
  const parts = plan.parts;
  const fusedHere = fusedRecurrenceAvailable();
  if (o.implementation === 'fused' && !fusedHere) {
    throw new Error(
      `gated cell '${cell.key}': implementation 'fused' needs the cpu or wasm backend ` +
        `(with WebAssembly SIMD); backend is '${tf.getBackend()}'`,
    );
  }
  if (o.implementation === 'ops' || !fusedHere) {
    return recurrenceWithOps(cell.ops, projection, recurrentKernel, {
      inputBlocks: cell.inputBlocks,
      recurrentBlocks: cell.recurrentBlocks,
      parts,
      timeMajor: o.timeMajor,
      reverse: o.reverse,
      returnSequences: o.returnSequences,
    });
  }
  const attrs = { cell: cell.key, timeMajor: o.timeMajor, reverse: o.reverse };
  const out = fused(projection, recurrentKernel, attrs, o.returnSequences);
  if (!o.returnSequences || o.timeMajor) return out;
  const batchMajor = tf.transpose(out, [1, 0, 2]);
  out.dispose();
  return batchMajor;
}
