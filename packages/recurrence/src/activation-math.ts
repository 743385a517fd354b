// The activations in plain JavaScript numbers, for the cpu forms of the stages.

// Plain top-level functions with a flag rather than objects per activation: the hot loops call
// them millions of times, and V8 inlines a monomorphic function where it would not inline a
// polymorphic method call.

/** d candidate / d x from the output y. */
export function candidateDerivative(y: number, tanh: boolean): number {
  return tanh ? 1 - y * y : 1;
}

/** The gate activation: tfjs-layers' hard sigmoid clip(0.2 x + 0.5, 0, 1) when `hard`, else sigmoid. */
export function gateActivation(x: number, hard: boolean): number {
  return hard ? Math.min(1, Math.max(0, 0.2 * x + 0.5)) : 1 / (1 + Math.exp(-x));
}

/**
 * d gate / d x from the output y. For the hard sigmoid the slope is 0.2 where the clip is inactive;
 * from the output alone y = 0 or 1 counts as clipped (tfjs's clip passes the gradient at exactly
 * the bounds: a measure-zero difference).
 */
export function gateDerivative(y: number, hard: boolean): number {
  if (hard) return y > 0 && y < 1 ? 0.2 : 0;
  return y * (1 - y);
}
