/**
 * The stages of one forward step, each over all sequences at once, done by the backend (plain
 * loops on cpu, the SIMD module on wasm). At step 0 the state h_{-1} is zero, so the
 * products are skipped and the stages read zeros in their place.
 */
export interface ForwardStages {
  /** recurrentGates = h_{t-1} · U[:, 0:2U] (steps ≥ 1). */
  gateProduct(t: number): void;
  /** z | r of step t = gate(projection + recurrentGates); resetState = r · h_{t-1}. */
  gates(t: number): void;
  /** recurrentCandidate = resetState · U[:, 2U:3U] (steps ≥ 1). */
  candidateProduct(t: number): void;
  /** c of step t = act(projection + recurrentCandidate); h_t = c + z (h_{t-1} - c). */
  state(t: number): void;
}

/**
 * Runs the GRU (z | r | h gate order, reset before the recurrent product) from a zero state; the
 * stages store every state and gate for the backward pass.
 */
export function runGruForward(steps: number, stages: ForwardStages): void {
  for (let t = 0; t < steps; t += 1) {
    if (t > 0) stages.gateProduct(t);
    stages.gates(t);
    if (t > 0) stages.candidateProduct(t);
    stages.state(t);
  }
}
