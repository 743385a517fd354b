// Where the fused Adam kernels (dense and rows) write their three results: the cpu backend's new
// arrays, or on wasm the inputs' own memory when nothing else holds it.
import type { TensorInfo } from '@tensorflow/tfjs';
import {
  type CpuBackendInternals,
  takeOverHeapData,
  type WasmBackendInternals,
} from '@srnn/backend/internals';

/** The value and both moments, in that order. */
export type AdamTriple = [TensorInfo, TensorInfo, TensorInfo];

/** The new value and moments as cpu tensors of `shape`. */
export function cpuAdamOutputs(
  cpu: CpuBackendInternals,
  shape: number[],
  values: [Float32Array, Float32Array, Float32Array],
): AdamTriple {
  return values.map((v) => cpu.makeTensorInfo(shape, 'float32', v)) as AdamTriple;
}

/**
 * The outputs of a wasm Adam step over `overwritten` (value, first and second moment): where they
 * are held by their variables alone and `readOnly` (the gradient) shares none of their data, new
 * tensors on their very memory (takeOverHeapData: each line is written back while in cache, and
 * no fresh buffers are needed); otherwise three new tensors. `inputs` are the tensors to read the
 * old values through (the outputs themselves after a take-over). Take heap views only after any
 * later allocation: a heap that grows detaches earlier views.
 */
export function wasmAdamOutputs(
  wasm: WasmBackendInternals,
  overwritten: AdamTriple,
  readOnly: TensorInfo,
): { outputs: AdamTriple; inputs: AdamTriple } {
  const inPlace = !overwritten.some((info) => info.dataId === readOnly.dataId);
  const taken = inPlace ? (takeOverHeapData(wasm, overwritten) as AdamTriple | null) : null;
  if (taken !== null) return { outputs: taken, inputs: taken };
  const shape = overwritten[0].shape;
  const outputs = [0, 1, 2].map(() => wasm.makeOutput(shape, 'float32')) as AdamTriple;
  return { outputs, inputs: overwritten };
}
