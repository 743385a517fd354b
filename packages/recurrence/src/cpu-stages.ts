import {
  type ActivationFlags,
  candidateDerivative,
  gateActivation,
  gateDerivative,
} from './activation-math';
import type { BackwardStages } from './gru-backward-loop';
import type { GruDimensions } from './gru-dimensions';
import type { ForwardStages } from './gru-forward-loop';
import { multiply, multiplyTransposed } from './dense-loops';

/** Element index of the projection row (step t, sequence s), in either layout. */
function projectionRow(d: GruDimensions, t: number, s: number): number {
  return (d.timeMajor ? t * d.sequences + s : s * d.steps + t) * 3 * d.units;
}

/** The arrays of a forward pass on cpu. */
export interface CpuForwardArrays {
  /** Input: x·W + b for every step, in the layout of `GruDimensions.timeMajor`. */
  projection: Float32Array;
  /** Output [T, S, U]: h_0..h_{T-1}. */
  states: Float32Array;
  /** Output [T, S, 3U]: z | r | candidate of every step. */
  gates: Float32Array;
}

/** Forward stages as plain loops; the recurrent kernel is [U, 3U]. */
export function cpuForwardStages(
  d: GruDimensions,
  arrays: CpuForwardArrays,
  kernel: Float32Array,
  f: ActivationFlags,
): ForwardStages {
  const { sequences: S, units: U } = d;
  const { projection, states, gates } = arrays;
  const recurrentGates = new Float32Array(S * 2 * U);
  const resetState = new Float32Array(S * U);
  const recurrentCandidate = new Float32Array(S * U);
  const zeroState = new Float32Array(S * U);
  const previous = (t: number) => (t > 0 ? states.subarray((t - 1) * S * U, t * S * U) : zeroState);
  return {
    gateProduct: (t) =>
      multiply(
        recurrentGates,
        previous(t),
        { data: kernel, offset: 0, stride: 3 * U },
        S,
        U,
        2 * U,
      ),
    gates: (t) => {
      // At step 0 the products have not run: their outputs still hold zeros.
      const h = previous(t);
      for (let s = 0; s < S; s += 1) {
        const p = projectionRow(d, t, s);
        const g = (t * S + s) * 3 * U;
        const q = s * 2 * U;
        const k = s * U;
        for (let j = 0; j < U; j += 1) {
          const z = gateActivation(recurrentGates[q + j]! + projection[p + j]!, f.hard);
          const r = gateActivation(recurrentGates[q + U + j]! + projection[p + U + j]!, f.hard);
          gates[g + j] = z;
          gates[g + U + j] = r;
          resetState[k + j] = r * h[k + j]!;
        }
      }
    },
    candidateProduct: () =>
      multiply(
        recurrentCandidate,
        resetState,
        { data: kernel, offset: 2 * U, stride: 3 * U },
        S,
        U,
        U,
      ),
    state: (t) => {
      const h = previous(t);
      for (let s = 0; s < S; s += 1) {
        const p = projectionRow(d, t, s) + 2 * U;
        const g = (t * S + s) * 3 * U;
        const k = s * U;
        for (let j = 0; j < U; j += 1) {
          const x = recurrentCandidate[k + j]! + projection[p + j]!;
          const c = f.tanh ? Math.tanh(x) : x;
          gates[g + 2 * U + j] = c;
          states[t * S * U + k + j] = c + gates[g + j]! * (h[k + j]! - c);
        }
      }
    },
  };
}

/** The arrays of a backward pass on cpu. */
export interface CpuBackwardArrays {
  /** Input [S, U]: gradient of the loss w.r.t. the last state. */
  lastStateGradient: Float32Array;
  /** Input [T, S, U]: the forward states. */
  states: Float32Array;
  /** Input [T, S, 3U]: the forward gates z | r | candidate. */
  gates: Float32Array;
  /** Output: gradient w.r.t. the projections, in the projection layout. */
  projectionGradient: Float32Array;
  /** Output [U, 3U], zero on entry. */
  kernelGradient: Float32Array;
}

/** Backward stages as plain loops. */
export function cpuBackwardStages(
  d: GruDimensions,
  arrays: CpuBackwardArrays,
  kernel: Float32Array,
  f: ActivationFlags,
): BackwardStages {
  const { steps: T, sequences: S, units: U } = d;
  const { lastStateGradient, states, gates, projectionGradient, kernelGradient } = arrays;
  const carried = new Float32Array(S * U);
  const fromGates = new Float32Array(S * U);
  const candidateGradient = new Float32Array(S * U);
  const resetStateGradient = new Float32Array(S * U);
  const gatesGradient = new Float32Array(S * 2 * U);
  // r_t · h_{t-1} of every step, for the kernel gradient.
  const resetStates = new Float32Array(T * S * U);
  const zeroState = new Float32Array(S * U);
  const previous = (t: number) => (t > 0 ? states.subarray((t - 1) * S * U, t * S * U) : zeroState);
  return {
    update: (t) => {
      const h = previous(t);
      // At the last step dh is the last state's gradient (fromGates is still zero).
      const dhCarried = t === T - 1 ? lastStateGradient : carried;
      for (let s = 0; s < S; s += 1) {
        const p = projectionRow(d, t, s);
        const g = (t * S + s) * 3 * U;
        const q = s * 2 * U;
        const k = s * U;
        for (let j = 0; j < U; j += 1) {
          const z = gates[g + j]!;
          const c = gates[g + 2 * U + j]!;
          const dh = dhCarried[k + j]! + fromGates[k + j]!;
          const dCandidate = dh * (1 - z) * candidateDerivative(c, f.tanh);
          const dUpdate = dh * (h[k + j]! - c) * gateDerivative(z, f.hard);
          candidateGradient[k + j] = dCandidate;
          projectionGradient[p + 2 * U + j] = dCandidate;
          gatesGradient[q + j] = dUpdate;
          projectionGradient[p + j] = dUpdate;
          resetStates[t * S * U + k + j] = gates[g + U + j]! * h[k + j]!;
          carried[k + j] = dh * z;
        }
      }
    },
    candidateProduct: () =>
      multiplyTransposed(
        resetStateGradient,
        candidateGradient,
        { data: kernel, offset: 2 * U, stride: 3 * U },
        S,
        U,
        U,
      ),
    reset: (t) => {
      const h = previous(t);
      for (let s = 0; s < S; s += 1) {
        const p = projectionRow(d, t, s);
        const g = (t * S + s) * 3 * U;
        const q = s * 2 * U;
        const k = s * U;
        for (let j = 0; j < U; j += 1) {
          const r = gates[g + U + j]!;
          const dResetState = t > 0 ? resetStateGradient[k + j]! : 0;
          const dReset = dResetState * h[k + j]! * gateDerivative(r, f.hard);
          gatesGradient[q + U + j] = dReset;
          projectionGradient[p + U + j] = dReset;
          carried[k + j] = carried[k + j]! + dResetState * r;
        }
      }
    },
    gateProduct: () =>
      multiplyTransposed(
        fromGates,
        gatesGradient,
        { data: kernel, offset: 0, stride: 3 * U },
        S,
        2 * U,
        U,
      ),
    kernelGradient: () => {
      // The pre-activation gradients of step t are the projection gradient's row (t, s).
      for (let t = 1; t < T; t += 1) {
        for (let s = 0; s < S; s += 1) {
          const p = projectionRow(d, t, s);
          const k = s * U;
          for (let i = 0; i < U; i += 1) {
            const h = states[(t - 1) * S * U + k + i]!;
            const rh = resetStates[t * S * U + k + i]!;
            const row = i * 3 * U;
            for (let c = 0; c < 2 * U; c += 1) {
              kernelGradient[row + c] = kernelGradient[row + c]! + h * projectionGradient[p + c]!;
            }
            for (let c = 2 * U; c < 3 * U; c += 1) {
              kernelGradient[row + c] = kernelGradient[row + c]! + rh * projectionGradient[p + c]!;
            }
          }
        }
      }
    },
  };
}
