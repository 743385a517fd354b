import type * as tf from '@tensorflow/tfjs';
import type { Direction, StateOutput } from './contract';
import { sharedRegistry } from './shared-registry';

/** What a fused kernel is asked to run. */
export interface RecurrenceRequest {
  /** The registered cell name. */
  cell: string;
  /** The cell's element-wise settings that a kernel may depend on (e.g. activation names). */
  settings: Readonly<Record<string, string | number | boolean>>;
  direction: Direction;
  states: StateOutput;
}

/**
 * A whole recurrence in one kernel (forward and gradient), for one cell. A cell HAS fused kernels
 * by registering them under its name; its encoder asks the registry at every run and falls back
 * to its generic per-step path when none {@link FusedRecurrence.supports} the request.
 */
export interface FusedRecurrence {
  /** A name for listings and {@link SequenceEncoder.fusedKernel}, e.g. `'gru-wasm-simd'`. */
  name: string;
  /** Whether it can run `request` on the current backend. Cheap; called at every run. */
  supports(request: RecurrenceRequest): boolean;
  /**
   * Runs the recurrence from a zero state. `projection` is x·W + b of every step,
   * `[sequences, steps, gates * units]` in input order (also for `'backward'`); returns what
   * `request.states` asks for, aligned as {@link EncodeOptions.states} describes.
   */
  run(projection: tf.Tensor3D, recurrentKernel: tf.Tensor2D, request: RecurrenceRequest): tf.Tensor;
}

const kernels = (): Map<string, FusedRecurrence[]> =>
  sharedRegistry<FusedRecurrence[]>('@srnn/cells/fused-recurrences');

/**
 * Gives cell `cell` a fused kernel. Kernels registered later are tried first; registering the
 * same name again replaces it (modules may be loaded twice).
 */
export function registerFusedRecurrence(cell: string, recurrence: FusedRecurrence): void {
  const list = (kernels().get(cell) ?? []).filter((k) => k.name !== recurrence.name);
  kernels().set(cell, [recurrence, ...list]);
}

/** The first fused kernel of `request.cell` that supports `request`, if any. */
export function findFusedRecurrence(request: RecurrenceRequest): FusedRecurrence | undefined {
  return kernels()
    .get(request.cell)
    ?.find((kernel) => kernel.supports(request));
}

/** The names of the fused kernels registered for `cell`, most recent first. */
export function listFusedRecurrences(cell: string): string[] {
  return (kernels().get(cell) ?? []).map((kernel) => kernel.name);
}
