/**
 * The stages of one backward step, each over all sequences at once, done by the backend. The
 * state gradient dh_t arrives in two parts, `carried` (through z and r of step t+1) and
 * `fromGates` (through the gate product of step t+1), summed where it is used.
 */
export interface BackwardStages {
  /**
   * With dh_t = carried + fromGates (the last state's gradient at the last step): the gradients
   * of the candidate's and the update gate's pre-activations at step t, r_t · h_{t-1} for the
   * kernel gradient, and carried = dh_t · z_t.
   */
  update(t: number): void;
  /** resetStateGradient = candidateGradient · U[:, 2U:3U]ᵀ, the gradient of r · h_{t-1} (t ≥ 1). */
  candidateProduct(t: number): void;
  /**
   * The reset gate's pre-activation gradient at step t, and carried += resetStateGradient · r_t.
   * At step 0 it is zero: h_{-1} is the zero state.
   */
  reset(t: number): void;
  /** fromGates = gatesGradient · U[:, 0:2U]ᵀ (t ≥ 1). */
  gateProduct(t: number): void;
  /**
   * The recurrent kernel's gradient [U, 3U]: Σ_t h_{t-1}ᵀ · (z | r gradients)_t in columns 0:2U and
   * Σ_t (r_t · h_{t-1})ᵀ · (candidate gradient)_t in 2U:3U, over steps 1..T-1 (h_{-1} is zero).
   */
  kernelGradient(): void;
}

/** Back-propagates through the whole recurrence in reverse step order. */
export function runGruBackward(steps: number, stages: BackwardStages): void {
  for (let t = steps - 1; t >= 0; t -= 1) {
    stages.update(t);
    if (t > 0) stages.candidateProduct(t);
    stages.reset(t);
    if (t > 0) stages.gateProduct(t);
  }
  stages.kernelGradient();
}
