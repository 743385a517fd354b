import type { GruDimensions } from './gru-dimensions';

/** The arrays of one forward pass. Views on a heap may be replaced when it grows. */
export interface ForwardArrays {
  /** Input: x·W + b for every step, in the layout of `GruDimensions.timeMajor`. */
  projection: Float32Array;
  /** Output: h_1..h_T, [T, S, U]. */
  states: Float32Array;
  /** Output: z | r | candidate per step, [T, S, 3U]. */
  gates: Float32Array;
  /** Workspace [S, U]: h_{t-1}, the left operand of the gate product. */
  previousState: Float32Array;
  /** Workspace [S, 2U]: h_{t-1} · U_zr, then plus the projection (the gates' pre-activation). */
  recurrentGates: Float32Array;
  /** Workspace [S, 2U]: the gate activation of recurrentGates (z | r). */
  gateValues: Float32Array;
  /** Workspace [S, U]: r * h_{t-1}, the left operand of the candidate product. */
  resetState: Float32Array;
  /** Workspace [S, U]: (r * h_{t-1}) · U_h, then plus the projection (pre-activation). */
  recurrentCandidate: Float32Array;
  /** Workspace [S, U]: the candidate activation of recurrentCandidate. */
  candidateValues: Float32Array;
}

/**
 * The matrix products and bulk activations of a forward step, done by the backend on the
 * workspace arrays (on wasm, by the backend's own SIMD code).
 */
export interface ForwardProducts {
  arrays(): ForwardArrays;
  /** recurrentGates = previousState · U[:, 0:2U] */
  gates(): void;
  /** gateValues = gate activation (recurrentGates) */
  activateGates(): void;
  /** recurrentCandidate = resetState · U[:, 2U:3U] */
  candidate(): void;
  /** candidateValues = candidate activation (recurrentCandidate) */
  activateCandidate(): void;
}

/**
 * Runs the GRU (z | r | h gate order, reset before the recurrent product) from a zero state,
 * storing every state and gate for the backward pass. The products are skipped at step 0, where
 * the state is zero (their workspaces are zero-filled instead).
 */
export function runGruForward(d: GruDimensions, products: ForwardProducts): void {
  const { steps: T, sequences: S, units: U, timeMajor } = d;
  let a = products.arrays();
  a.previousState.fill(0);
  a.recurrentGates.fill(0);
  a.recurrentCandidate.fill(0);
  const row = (t: number, s: number): number => (timeMajor ? t * S + s : s * T + t) * 3 * U;
  for (let t = 0; t < T; t += 1) {
    if (t > 0) {
      a.previousState.set(a.states.subarray((t - 1) * S * U, t * S * U));
      products.gates();
      a = products.arrays();
    }
    {
      const { projection, recurrentGates } = a;
      for (let s = 0; s < S; s += 1) {
        const p = row(t, s);
        const q = s * 2 * U;
        for (let j = 0; j < 2 * U; j += 1)
          recurrentGates[q + j] = recurrentGates[q + j]! + projection[p + j]!;
      }
    }
    products.activateGates();
    a = products.arrays();
    {
      const { gates, gateValues, previousState, resetState } = a;
      for (let s = 0; s < S; s += 1) {
        const g = (t * S + s) * 3 * U;
        const q = s * 2 * U;
        const k = s * U;
        gates.set(gateValues.subarray(q, q + 2 * U), g);
        for (let j = 0; j < U; j += 1)
          resetState[k + j] = gateValues[q + U + j]! * previousState[k + j]!;
      }
    }
    if (t > 0) {
      products.candidate();
      a = products.arrays();
    }
    {
      const { projection, recurrentCandidate } = a;
      for (let s = 0; s < S; s += 1) {
        const p = row(t, s) + 2 * U;
        const k = s * U;
        for (let j = 0; j < U; j += 1)
          recurrentCandidate[k + j] = recurrentCandidate[k + j]! + projection[p + j]!;
      }
    }
    products.activateCandidate();
    a = products.arrays();
    {
      const { gates, states, previousState, candidateValues } = a;
      for (let s = 0; s < S; s += 1) {
        const g = (t * S + s) * 3 * U;
        const h = (t * S + s) * U;
        const k = s * U;
        gates.set(candidateValues.subarray(k, k + U), g + 2 * U);
        for (let j = 0; j < U; j += 1) {
          const c = candidateValues[k + j]!;
          // h = z * h_prev + (1 - z) * c
          states[h + j] = c + gates[g + j]! * (previousState[k + j]! - c);
        }
      }
    }
  }
}
