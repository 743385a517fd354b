import * as tf from '@tensorflow/tfjs';
import type { OpsStep } from './cell-description';

/**
 * [steps, sequences, width] as one tensor per step. A single step is a reshape: in tfjs 4.22 the
 * gradient of an unstack with one output fails inside tf.stack.
 */
function unstackSteps(stepsFirst: tf.Tensor): tf.Tensor2D[] {
  const [steps, sequences, width] = stepsFirst.shape as [number, number, number];
  if (steps === 1) return [tf.reshape(stepsFirst, [sequences, width])];
  return tf.unstack(stepsFirst) as tf.Tensor2D[];
}

/** How the ops reference runs: the cell's sizes and the recurrence's options. */
export interface OpsRecurrenceSettings {
  inputBlocks: number;
  recurrentBlocks: number;
  parts: number;
  timeMajor: boolean;
  reverse: boolean;
  returnSequences: boolean;
}

/**
 * A cell's recurrence as stock tfjs ops, one small group per step: the reference for the fused
 * kernels and the path for other backends and custom activations (gradients by tfjs's autodiff).
 * Returns the last state of part 0 [sequences, units], or with `returnSequences` every state of
 * part 0 in the projection's layout, at the time index of its step (also when `reverse`).
 */
export function recurrenceWithOps(
  step: OpsStep,
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  settings: OpsRecurrenceSettings,
): tf.Tensor {
  return tf.tidy(() => {
    const { timeMajor, reverse } = settings;
    const stepsFirst = timeMajor ? projection : tf.transpose(projection, [1, 0, 2]);
    const [steps, sequences] = stepsFirst.shape;
    const units = recurrentKernel.shape[0];
    const blocks = tf.split(stepsFirst, settings.inputBlocks, 2).map(unstackSteps);
    const kernels = tf.split(recurrentKernel, settings.recurrentBlocks, 1) as tf.Tensor2D[];
    let state: tf.Tensor2D[] = Array.from({ length: settings.parts }, () =>
      tf.zeros([sequences, units]),
    );
    const outputs: tf.Tensor2D[] = new Array<tf.Tensor2D>(steps);
    for (let i = 0; i < steps; i += 1) {
      const t = reverse ? steps - 1 - i : i;
      state = step({
        projection: blocks.map((b) => b[t]!),
        previous: state,
        recurrentKernel: kernels,
      });
      outputs[t] = state[0]!;
    }
    if (!settings.returnSequences) return state[0]!;
    const sequence = steps === 1 ? tf.expandDims(outputs[0]!, 0) : tf.stack(outputs);
    return timeMajor ? sequence : tf.transpose(sequence, [1, 0, 2]);
  });
}
