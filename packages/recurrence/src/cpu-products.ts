import {
  type ActivationFlags,
  applyCandidateActivation,
  applyGateActivation,
} from './activation-math';
import type { BackwardArrays, BackwardProducts } from './gru-backward-loop';
import type { ForwardArrays, ForwardProducts } from './gru-forward-loop';
import type { GruDimensions } from './gru-dimensions';
import { accumulateTransposedProduct, multiply, multiplyTransposed } from './dense-loops';

/** Forward products as plain loops over the recurrent kernel [U, 3U]. */
export function cpuForwardProducts(
  d: GruDimensions,
  arrays: ForwardArrays,
  kernel: Float32Array,
  f: ActivationFlags,
): ForwardProducts {
  const { sequences: S, units: U } = d;
  return {
    arrays: () => arrays,
    activateGates: () =>
      applyGateActivation(arrays.gateValues, arrays.recurrentGates, S * 2 * U, f.hard),
    activateCandidate: () =>
      applyCandidateActivation(arrays.candidateValues, arrays.recurrentCandidate, S * U, f.tanh),
    gates: () =>
      multiply(
        arrays.recurrentGates,
        arrays.previousState,
        { data: kernel, offset: 0, stride: 3 * U },
        S,
        U,
        2 * U,
      ),
    candidate: () =>
      multiply(
        arrays.recurrentCandidate,
        arrays.resetState,
        { data: kernel, offset: 2 * U, stride: 3 * U },
        S,
        U,
        U,
      ),
  };
}

/** Backward products as plain loops; `kernelGradient` is the output [U, 3U], zero on entry. */
export function cpuBackwardProducts(
  d: GruDimensions,
  arrays: BackwardArrays,
  kernel: Float32Array,
  kernelGradient: Float32Array,
): BackwardProducts {
  const { steps: T, sequences: S, units: U } = d;
  return {
    arrays: () => arrays,
    candidate: () =>
      multiplyTransposed(
        arrays.resetStateGradient,
        arrays.candidateGradient,
        { data: kernel, offset: 2 * U, stride: 3 * U },
        S,
        U,
        U,
      ),
    gates: () =>
      multiplyTransposed(
        arrays.stateGradientFromGates,
        arrays.gatesGradient,
        { data: kernel, offset: 0, stride: 3 * U },
        S,
        2 * U,
        U,
      ),
    kernelGradient: () => {
      const rows = (T - 1) * S;
      if (rows === 0) return;
      // Steps 1..T-1: h_{t-1} is states[t-1], so the rows of states 0..T-2 pair with steps 1..T-1.
      accumulateTransposedProduct(
        { data: kernelGradient, offset: 0, stride: 3 * U },
        arrays.states,
        arrays.allGatesGradients.subarray(S * 2 * U),
        rows,
        U,
        2 * U,
      );
      accumulateTransposedProduct(
        { data: kernelGradient, offset: 2 * U, stride: 3 * U },
        arrays.allResetStates.subarray(S * U),
        arrays.allCandidateGradients.subarray(S * U),
        rows,
        U,
        U,
      );
    },
  };
}
