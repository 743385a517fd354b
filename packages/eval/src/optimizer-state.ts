import type * as tf from '@tensorflow/tfjs';
import { adamRunningPowers, setAdamRunningPowers, type AdamRunningPowers } from '@srnn/optimizers';
import type { TensorSource } from './tensor-file';
import { liveOptimizerState, restoreOptimizer, type TensorSnapshot } from './weight-snapshot';

/** An Adam optimizer's whole state: its tensors (iterations, moments) and running powers. */
export interface OptimizerState {
  readonly tensors: TensorSnapshot[];
  readonly runningPowers: AdamRunningPowers;
}

/**
 * An Adam optimizer's state to write: its tensors as live sources (read when written; call
 * `dispose` afterwards) and its running powers.
 */
export async function liveAdamState(optimizer: tf.Optimizer): Promise<{
  tensors: TensorSource[];
  runningPowers: AdamRunningPowers;
  dispose: () => void;
}> {
  const { tensors, dispose } = await liveOptimizerState(optimizer);
  return { tensors, runningPowers: adamRunningPowers(optimizer), dispose };
}

/** Restores a snapshot bit for bit: setWeights alone would recompute beta^t with pow. */
export async function restoreAdam(optimizer: tf.Optimizer, state: OptimizerState): Promise<void> {
  await restoreOptimizer(optimizer, state.tensors);
  setAdamRunningPowers(optimizer, state.runningPowers);
}
