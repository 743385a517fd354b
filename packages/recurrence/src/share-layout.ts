import type { GruKernelAttrs } from './gru-kernel-attrs';

/**
 * What a worker thread gets to run one share of a recurrence: the sizes of its share and the
 * kernel's attributes. Its operands and results sit in the shared floats at the offsets below.
 */
export interface ShareParams extends GruKernelAttrs {
  steps: number;
  /** Sequences in this share. */
  sequences: number;
  units: number;
}

/** Where a forward share's operands (in) and results (out) sit in the shared floats. */
export function forwardShareLayout({ steps: T, sequences: S, units: U }: ShareParams) {
  const projection = 0;
  const kernel = projection + S * T * 3 * U;
  const states = kernel + U * 3 * U;
  const gates = states + T * S * U;
  return { projection, kernel, states, gates, size: gates + T * S * 3 * U };
}

/** Where a backward share's operands (in) and results (out) sit in the shared floats. */
export function backwardShareLayout({ steps: T, sequences: S, units: U }: ShareParams) {
  const lastStateGradient = 0;
  const states = lastStateGradient + S * U;
  const gates = states + T * S * U;
  const kernel = gates + T * S * 3 * U;
  const projectionGradient = kernel + U * 3 * U;
  const kernelGradient = projectionGradient + S * T * 3 * U;
  return {
    lastStateGradient,
    states,
    gates,
    kernel,
    projectionGradient,
    kernelGradient,
    size: kernelGradient + U * 3 * U,
  };
}
