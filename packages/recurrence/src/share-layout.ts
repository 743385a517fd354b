import type { CellPlan } from './cell-plan';

/**
 * What a worker thread gets to run one share of a recurrence: the sizes of its share, how it runs,
 * and the cell's plan (its stage functions only the first time a worker meets the cell; after
 * that `functions` is empty and the worker uses the plan it kept). Its operands and results sit
 * in the shared floats at the offsets below.
 */
export interface ShareParams {
  plan: CellPlan;
  steps: number;
  /** Sequences in this share. */
  sequences: number;
  units: number;
  timeMajor: boolean;
  reverse: boolean;
  /** Backward: every state's gradient is given ([T, S, U]) rather than the last state's. */
  sequenceGradient: boolean;
  /** The calling thread's products use the relaxed multiply-add (the worker must do the same). */
  relaxed: boolean;
}

/** Where a forward share's operands (in) and results (out) sit in the shared floats. */
export function forwardShareLayout({ plan, steps: T, sequences: S, units: U }: ShareParams) {
  const projection = 0;
  const kernel = projection + S * T * plan.inputBlocks * U;
  const states = kernel + U * plan.recurrentBlocks * U;
  const saved = states + plan.parts * T * S * U;
  return { projection, kernel, states, saved, size: saved + T * S * plan.savedBlocks * U };
}

/** Where a backward share's operands (in) and results (out) sit in the shared floats. */
export function backwardShareLayout(params: ShareParams) {
  const { plan, steps: T, sequences: S, units: U } = params;
  const outputGradient = 0;
  const states = outputGradient + (params.sequenceGradient ? T : 1) * S * U;
  const saved = states + plan.parts * T * S * U;
  const kernel = saved + T * S * plan.savedBlocks * U;
  const projectionGradient = kernel + U * plan.recurrentBlocks * U;
  const kernelGradient = projectionGradient + S * T * plan.inputBlocks * U;
  return {
    outputGradient,
    states,
    saved,
    kernel,
    projectionGradient,
    kernelGradient,
    size: kernelGradient + U * plan.recurrentBlocks * U,
  };
}
