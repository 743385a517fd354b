import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/**
 * The parts of tfjs-backend-wasm's `BackendWasm` (4.22) used here, declared structurally so this
 * package does not import the wasm backend's internals (and their side effects).
 */
export interface WasmBackendInternals {
  wasm: {
    /** The Emscripten module's exports; `memory` is the heap's WebAssembly.Memory. */
    asm?: { memory?: unknown };
  };
  dataIdMap: {
    get(dataId: object): { id: number; memoryOffset: number } | undefined;
  };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  /** A typed array over the tensor's bytes on the heap (no copy). */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** The parts of tfjs-backend-cpu's `MathBackendCPU` used here. */
export interface CpuBackendInternals {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array): TensorInfo;
}

/** The floats of a tensor on the wasm heap, in place; invalid once the heap grows. */
export function heapFloats(backend: WasmBackendInternals, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}
