import type { FusedActivation, FusedRecurrentActivation } from './gru-options';

/** Numeric codes of the activations, passed to kernels as attributes. */
export const ACTIVATION_CODES: Record<FusedActivation, number> = { linear: 0, tanh: 1 };
export const RECURRENT_ACTIVATION_CODES: Record<FusedRecurrentActivation, number> = {
  sigmoid: 0,
  hardSigmoid: 1,
};

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

/** Checks the kernel attributes' codes; names the bad one and the valid values. */
export function checkActivationCodes(activation: number, recurrentActivation: number): void {
  if (activation !== ACTIVATION_CODES.linear && activation !== ACTIVATION_CODES.tanh) {
    throw new Error(`unknown activation code ${activation}; expected 0 (linear) or 1 (tanh)`);
  }
  if (
    recurrentActivation !== RECURRENT_ACTIVATION_CODES.sigmoid &&
    recurrentActivation !== RECURRENT_ACTIVATION_CODES.hardSigmoid
  ) {
    throw new Error(
      `unknown recurrent activation code ${recurrentActivation}; expected 0 (sigmoid) or 1 (hardSigmoid)`,
    );
  }
}

/** The two activation choices as the flags the loops take. */
export interface ActivationFlags {
  tanh: boolean;
  hard: boolean;
}

/** Flags from the kernel attributes' codes (checked). */
export function activationFlags(activation: number, recurrentActivation: number): ActivationFlags {
  checkActivationCodes(activation, recurrentActivation);
  return {
    tanh: activation === ACTIVATION_CODES.tanh,
    hard: recurrentActivation === RECURRENT_ACTIVATION_CODES.hardSigmoid,
  };
}
