import type { TensorInfo } from '@tensorflow/tfjs';
import { type ActivationFlags, applyGateActivation } from './activation-math';
import type { BackwardArrays, BackwardProducts } from './gru-backward-loop';
import type { ForwardArrays, ForwardProducts } from './gru-forward-loop';
import type { GruDimensions } from './gru-dimensions';
import { viewsOnHeap, type WasmWorkspace } from './wasm-workspace';

/** Rows per block when transposing: the block's output lines stay in cache between rows. */
const TRANSPOSE_BLOCK = 64;

/** Rows of the kernel gradient's products per call, so that each call's operands stay in cache. */
export const KERNEL_GRADIENT_CHUNK = 1024;

/** Copies columns [from, from + cols) of a row-major [rows, stride] matrix, optionally transposed. */
function copyColumns(
  into: Float32Array,
  source: Float32Array,
  rows: number,
  stride: number,
  from: number,
  cols: number,
  transpose: boolean,
): void {
  if (!transpose) {
    for (let i = 0; i < rows; i += 1) {
      into.set(source.subarray(i * stride + from, i * stride + from + cols), i * cols);
    }
    return;
  }
  for (let start = 0; start < rows; start += TRANSPOSE_BLOCK) {
    const end = Math.min(rows, start + TRANSPOSE_BLOCK);
    for (let j = 0; j < cols; j += 1) {
      const line = j * rows;
      for (let i = start; i < end; i += 1) into[line + i] = source[i * stride + from + j]!;
    }
  }
}

/** The tensors of a forward pass on the wasm heap. */
export interface WasmForwardTensors {
  projection: TensorInfo;
  kernel: TensorInfo;
  states: TensorInfo;
  gates: TensorInfo;
}

/**
 * Forward products by XNNPACK on fixed heap buffers. The gate and candidate blocks of the kernel
 * are copied once into contiguous matrices, which XNNPACK packs on first use and reuses each step.
 */
export function wasmForwardProducts(
  d: GruDimensions,
  ws: WasmWorkspace,
  t: WasmForwardTensors,
  f: ActivationFlags,
): ForwardProducts {
  const { sequences: S, units: U } = d;
  const previousState = ws.allocate([S, U]);
  const recurrentGates = ws.allocate([S, 2 * U]);
  const gateValues = ws.allocate([S, 2 * U]);
  const resetState = ws.allocate([S, U]);
  const recurrentCandidate = ws.allocate([S, U]);
  const candidateValues = ws.allocate([S, U]);
  const gateKernel = ws.allocate([U, 2 * U]);
  const candidateKernel = ws.allocate([U, U]);
  const kernel = ws.floats(t.kernel);
  copyColumns(ws.floats(gateKernel), kernel, U, 3 * U, 0, 2 * U, false);
  copyColumns(ws.floats(candidateKernel), kernel, U, 3 * U, 2 * U, U, false);
  const arrays = viewsOnHeap<ForwardArrays>(ws, () => ({
    projection: ws.floats(t.projection),
    states: ws.floats(t.states),
    gates: ws.floats(t.gates),
    previousState: ws.floats(previousState),
    recurrentGates: ws.floats(recurrentGates),
    resetState: ws.floats(resetState),
    recurrentCandidate: ws.floats(recurrentCandidate),
    gateValues: ws.floats(gateValues),
    candidateValues: ws.floats(candidateValues),
  }));
  return {
    arrays,
    // The sigmoid and tanh of the backend (vectorised, no per-element Math.exp from JavaScript).
    activateGates: () => {
      if (f.hard)
        applyGateActivation(arrays().gateValues, arrays().recurrentGates, S * 2 * U, true);
      else ws.sigmoid(recurrentGates, gateValues);
    },
    activateCandidate: () => {
      if (f.tanh) ws.tanh(recurrentCandidate, candidateValues);
      else arrays().candidateValues.set(arrays().recurrentCandidate);
    },
    gates: () => ws.multiply(previousState, gateKernel, recurrentGates, S, U, 2 * U),
    candidate: () => ws.multiply(resetState, candidateKernel, recurrentCandidate, S, U, U),
  };
}

/** The tensors of a backward pass on the wasm heap. */
export interface WasmBackwardTensors {
  lastStateGradient: TensorInfo;
  states: TensorInfo;
  gates: TensorInfo;
  kernel: TensorInfo;
  projectionGradient: TensorInfo;
  kernelGradient: TensorInfo;
}

/** Backward products by XNNPACK: per step against the transposed kernel blocks, and at the end
 * the kernel gradient as two products over all steps at once. */
export function wasmBackwardProducts(
  d: GruDimensions,
  ws: WasmWorkspace,
  t: WasmBackwardTensors,
): BackwardProducts {
  const { steps: T, sequences: S, units: U } = d;
  const stateGradient = ws.allocate([S, U]);
  const candidateGradient = ws.allocate([S, U]);
  const resetStateGradient = ws.allocate([S, U]);
  const gatesGradient = ws.allocate([S, 2 * U]);
  const stateGradientFromGates = ws.allocate([S, U]);
  const allGatesGradients = ws.allocate([T, S, 2 * U]);
  const allCandidateGradients = ws.allocate([T, S, U]);
  const allResetStates = ws.allocate([T, S, U]);
  const gateKernelTransposed = ws.allocate([2 * U, U]);
  const candidateKernelTransposed = ws.allocate([U, U]);
  const kernel = ws.floats(t.kernel);
  copyColumns(ws.floats(gateKernelTransposed), kernel, U, 3 * U, 0, 2 * U, true);
  copyColumns(ws.floats(candidateKernelTransposed), kernel, U, 3 * U, 2 * U, U, true);
  const arrays = viewsOnHeap<BackwardArrays>(ws, () => ({
    lastStateGradient: ws.floats(t.lastStateGradient),
    states: ws.floats(t.states),
    gates: ws.floats(t.gates),
    projectionGradient: ws.floats(t.projectionGradient),
    stateGradient: ws.floats(stateGradient),
    candidateGradient: ws.floats(candidateGradient),
    resetStateGradient: ws.floats(resetStateGradient),
    gatesGradient: ws.floats(gatesGradient),
    stateGradientFromGates: ws.floats(stateGradientFromGates),
    allGatesGradients: ws.floats(allGatesGradients),
    allCandidateGradients: ws.floats(allCandidateGradients),
    allResetStates: ws.floats(allResetStates),
  }));

  const kernelGradient = (): void => {
    ws.floats(t.kernelGradient).fill(0);
    const rows = (T - 1) * S;
    if (rows === 0) return;
    // Σ_t Aᵀ·B over steps 1..T-1 is a product of Aᵀ [U, rows] with B [rows, cols]. XNNPACK takes
    // no transposed left operand, and with a long inner dimension it streams the whole left
    // operand once per block of output columns, so the rows go in chunks that stay in cache:
    // each chunk's Aᵀ is written out contiguously, and its partial product added up here.
    const chunkRows = Math.min(rows, KERNEL_GRADIENT_CHUNK);
    const statesTransposed = ws.allocate([U, chunkRows]);
    const resetStatesTransposed = ws.allocate([U, chunkRows]);
    const gatePart = ws.allocate([U, 2 * U]);
    const candidatePart = ws.allocate([U, U]);
    for (let start = 0; start < rows; start += chunkRows) {
      const n = Math.min(chunkRows, rows - start);
      const statesChunk = ws.alias(statesTransposed, 0, [U, n]);
      const resetStatesChunk = ws.alias(resetStatesTransposed, 0, [U, n]);
      const gatesChunk = ws.alias(allGatesGradients, (S + start) * 2 * U, [n, 2 * U]);
      const candidatesChunk = ws.alias(allCandidateGradients, (S + start) * U, [n, U]);
      {
        const a = arrays();
        copyColumns(ws.floats(statesChunk), a.states.subarray(start * U), n, U, 0, U, true);
        const resetStates = a.allResetStates.subarray((S + start) * U);
        copyColumns(ws.floats(resetStatesChunk), resetStates, n, U, 0, U, true);
      }
      ws.multiply(statesChunk, gatesChunk, gatePart, U, n, 2 * U);
      ws.multiply(resetStatesChunk, candidatesChunk, candidatePart, U, n, U);
      const out = ws.floats(t.kernelGradient);
      const gates = ws.floats(gatePart);
      const candidates = ws.floats(candidatePart);
      for (let i = 0; i < U; i += 1) {
        const row = i * 3 * U;
        for (let j = 0; j < 2 * U; j += 1) out[row + j] = out[row + j]! + gates[i * 2 * U + j]!;
        for (let j = 0; j < U; j += 1) {
          out[row + 2 * U + j] = out[row + 2 * U + j]! + candidates[i * U + j]!;
        }
      }
      // Each chunk's right operand got its own packed copy in XNNPACK: free it now.
      ws.releaseAliases(statesChunk, resetStatesChunk, gatesChunk, candidatesChunk);
    }
  };

  return {
    arrays,
    candidate: () =>
      ws.multiply(candidateGradient, candidateKernelTransposed, resetStateGradient, S, U, U),
    gates: () =>
      ws.multiply(gatesGradient, gateKernelTransposed, stateGradientFromGates, S, 2 * U, U),
    kernelGradient,
  };
}
