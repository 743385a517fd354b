import { type ActivationFlags, candidateDerivative, gateDerivative } from './activation-math';
import type { GruDimensions } from './gru-dimensions';

/** The arrays of one backward pass. Views on a heap may be replaced when it grows. */
export interface BackwardArrays {
  /** Input [S, U]: gradient of the loss w.r.t. the last state. */
  lastStateGradient: Float32Array;
  /** Input [T, S, U]: the forward states h_1..h_T. */
  states: Float32Array;
  /** Input [T, S, 3U]: the forward gates z | r | candidate. */
  gates: Float32Array;
  /** Output: gradient w.r.t. the projections, in the projection layout. */
  projectionGradient: Float32Array;
  /** Workspace [S, U]: gradient w.r.t. h_t, carried from step to step. */
  stateGradient: Float32Array;
  /** Workspace [S, U]: gradient w.r.t. the candidate's pre-activation at step t. */
  candidateGradient: Float32Array;
  /** Workspace [S, U]: candidateGradient · U_hᵀ, the gradient w.r.t. r * h_{t-1}. */
  resetStateGradient: Float32Array;
  /** Workspace [S, 2U]: gradient w.r.t. the z and r pre-activations at step t. */
  gatesGradient: Float32Array;
  /** Workspace [S, U]: gatesGradient · U_zrᵀ. */
  stateGradientFromGates: Float32Array;
  /** Workspace [T, S, 2U]: gatesGradient of every step, for the kernel gradient. */
  allGatesGradients: Float32Array;
  /** Workspace [T, S, U]: candidateGradient of every step. */
  allCandidateGradients: Float32Array;
  /** Workspace [T, S, U]: r * h_{t-1} of every step. */
  allResetStates: Float32Array;
}

/** The matrix products of the backward pass, done by the backend on the workspace arrays. */
export interface BackwardProducts {
  arrays(): BackwardArrays;
  /** resetStateGradient = candidateGradient · U[:, 2U:3U]ᵀ */
  candidate(): void;
  /** stateGradientFromGates = gatesGradient · U[:, 0:2U]ᵀ */
  gates(): void;
  /**
   * The recurrent kernel's gradient [U, 3U]: Σ_t h_{t-1}ᵀ · gatesGradient_t in columns 0:2U and
   * Σ_t (r_t * h_{t-1})ᵀ · candidateGradient_t in 2U:3U, over steps 1..T-1 (h_0 is zero).
   */
  kernelGradient(): void;
}

/** Back-propagates through the whole recurrence in reverse step order. */
export function runGruBackward(
  d: GruDimensions,
  products: BackwardProducts,
  f: ActivationFlags,
): void {
  const { steps: T, sequences: S, units: U, timeMajor } = d;
  const { tanh, hard } = f;
  let a = products.arrays();
  a.stateGradient.set(a.lastStateGradient);
  for (let t = T - 1; t >= 0; t -= 1) {
    const first = t === 0;
    const previous = (t - 1) * S * U;
    {
      const { states, gates, projectionGradient, stateGradient, candidateGradient } = a;
      const { gatesGradient, allResetStates } = a;
      for (let s = 0; s < S; s += 1) {
        const p = (timeMajor ? t * S + s : s * T + t) * 3 * U;
        const g = (t * S + s) * 3 * U;
        const q = s * 2 * U;
        const k = s * U;
        for (let j = 0; j < U; j += 1) {
          const z = gates[g + j]!;
          const r = gates[g + U + j]!;
          const c = gates[g + 2 * U + j]!;
          const hPrevious = first ? 0 : states[previous + k + j]!;
          const dh = stateGradient[k + j]!;
          const dCandidate = dh * (1 - z) * candidateDerivative(c, tanh);
          const dUpdate = dh * (hPrevious - c) * gateDerivative(z, hard);
          candidateGradient[k + j] = dCandidate;
          gatesGradient[q + j] = dUpdate;
          projectionGradient[p + j] = dUpdate;
          projectionGradient[p + 2 * U + j] = dCandidate;
          allResetStates[t * S * U + k + j] = r * hPrevious;
          stateGradient[k + j] = dh * z;
        }
      }
    }
    if (first) {
      // h_0 is the zero state: the reset gate gets no gradient and the state gradient stops here.
      const { projectionGradient, gatesGradient } = a;
      for (let s = 0; s < S; s += 1) {
        const p = (timeMajor ? s : s * T) * 3 * U;
        projectionGradient.fill(0, p + U, p + 2 * U);
        gatesGradient.fill(0, s * 2 * U + U, (s + 1) * 2 * U);
      }
    } else {
      products.candidate();
      a = products.arrays();
      const { states, gates, projectionGradient, stateGradient, resetStateGradient } = a;
      const { gatesGradient } = a;
      for (let s = 0; s < S; s += 1) {
        const p = (timeMajor ? t * S + s : s * T + t) * 3 * U;
        const g = (t * S + s) * 3 * U;
        const q = s * 2 * U;
        const k = s * U;
        for (let j = 0; j < U; j += 1) {
          const r = gates[g + U + j]!;
          const dResetState = resetStateGradient[k + j]!;
          const dReset = dResetState * states[previous + k + j]! * gateDerivative(r, hard);
          gatesGradient[q + U + j] = dReset;
          projectionGradient[p + U + j] = dReset;
          stateGradient[k + j] = stateGradient[k + j]! + dResetState * r;
        }
      }
    }
    a.allGatesGradients.set(a.gatesGradient, t * S * 2 * U);
    a.allCandidateGradients.set(a.candidateGradient, t * S * U);
    if (!first) {
      products.gates();
      a = products.arrays();
      const { stateGradient, stateGradientFromGates } = a;
      for (let k = 0; k < S * U; k += 1) {
        stateGradient[k] = stateGradient[k]! + stateGradientFromGates[k]!;
      }
    }
  }
  products.kernelGradient();
}
