// The GRU recurrence on one wasm backend's heap, forward and backward, for all sequences or for
// one share of them. The calling thread's kernels and the worker threads' tasks both run these.
import type { TensorInfo } from '@tensorflow/tfjs';
import { activationFlags } from './activation-math';
import type { WasmBackendInternals } from './backend-internals';
import { runGruBackward } from './gru-backward-loop';
import type { GruDimensions } from './gru-dimensions';
import { runGruForward } from './gru-forward-loop';
import type { GruKernelAttrs } from './gru-kernel-attrs';
import { type GruSimd, gruSimdFor } from './gru-simd';
import { type SequenceShare, wasmBackwardStages, wasmForwardStages } from './wasm-stages';
import { WasmWorkspace } from './wasm-workspace';

/** The SIMD module on the wasm backend's heap, or null (no WebAssembly SIMD here). */
export function wasmSimd(backend: WasmBackendInternals): GruSimd | null {
  return gruSimdFor(backend.wasm.asm?.memory);
}

export function requireSimd(backend: WasmBackendInternals): GruSimd {
  const simd = wasmSimd(backend);
  if (simd === null) throw new Error('the wasm GRU kernels need WebAssembly SIMD');
  return simd;
}

/** The forward kernel's outputs, allocated for all sequences. */
export interface ForwardOutputs {
  lastState: TensorInfo;
  states: TensorInfo;
  gates: TensorInfo;
}

/** The backward kernel's inputs. */
export interface BackwardInputs {
  lastStateGradient: TensorInfo;
  states: TensorInfo;
  gates: TensorInfo;
  kernel: TensorInfo;
}

/** The backward kernel's outputs, allocated for all sequences. */
export interface BackwardOutputs {
  projectionGradient: TensorInfo;
  kernelGradient: TensorInfo;
}

/**
 * Runs the forward recurrence of `share`'s sequences (d.sequences of them) from `projection`
 * into `outputs` (tensors of all `share.total` sequences).
 */
export function forwardShare(
  backend: WasmBackendInternals,
  d: GruDimensions,
  share: SequenceShare,
  attrs: GruKernelAttrs,
  projection: TensorInfo,
  kernel: TensorInfo,
  outputs: ForwardOutputs,
): void {
  const simd = requireSimd(backend);
  const ws = new WasmWorkspace(backend);
  try {
    const flags = activationFlags(attrs.activation, attrs.recurrentActivation);
    const tensors = { projection, kernel, ...outputs };
    runGruForward(d.steps, wasmForwardStages(d, ws, simd, tensors, flags, share));
  } finally {
    ws.release();
  }
}

/**
 * Back-propagates `share`'s sequences: their rows of the projection gradient, and their part of
 * the recurrent kernel's gradient (written to `outputs.kernelGradient`, not added).
 */
export function backwardShare(
  backend: WasmBackendInternals,
  d: GruDimensions,
  share: SequenceShare,
  attrs: GruKernelAttrs,
  inputs: BackwardInputs,
  outputs: BackwardOutputs,
): void {
  const simd = requireSimd(backend);
  const ws = new WasmWorkspace(backend);
  try {
    const flags = activationFlags(attrs.activation, attrs.recurrentActivation);
    const tensors = { ...inputs, ...outputs };
    runGruBackward(d.steps, wasmBackwardStages(d, ws, simd, tensors, flags, share));
  } finally {
    ws.release();
  }
}
