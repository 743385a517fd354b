import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/**
 * The parts of tfjs-backend-wasm's `BackendWasm` that the fused kernel uses. Declared structurally
 * so that this package does not import the wasm backend's internals (and with them its side effects).
 */
export interface WasmBackendInternals {
  /** The Emscripten module; `asm.memory` is the heap's WebAssembly.Memory. */
  wasm: { asm?: { memory?: unknown } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A Float32Array view of the tensor's bytes on the wasm heap (no copy). */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** The parts of tfjs-backend-cpu's `MathBackendCPU` that the fused kernel uses. */
export interface CpuBackendInternals {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array): TensorInfo;
}
