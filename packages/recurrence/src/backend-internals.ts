import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/**
 * The parts of tfjs-backend-wasm's `BackendWasm` (4.22) used here, declared structurally so this
 * package does not import the wasm backend's internals (and their side effects).
 */
export interface WasmBackendInternals {
  wasm: {
    HEAPU8: Uint8Array;
    /** The Emscripten module's exports; `memory` is the heap's WebAssembly.Memory. */
    asm?: { memory?: unknown };
  };
  dataIdMap: {
    get(dataId: object): { id: number; memoryOffset: number } | undefined;
  };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** The parts of tfjs-backend-cpu's `MathBackendCPU` used here. */
export interface CpuBackendInternals {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array): TensorInfo;
}

/** The floats of a tensor on the wasm heap, in place; invalid once the heap grows. */
export function heapFloats(backend: WasmBackendInternals, info: TensorInfo): Float32Array {
  const record = backend.dataIdMap.get(info.dataId);
  if (record === undefined) throw new Error('wasm heap: a tensor is not on the wasm backend');
  const size = info.shape.reduce((acc, n) => acc * n, 1);
  return new Float32Array(backend.wasm.HEAPU8.buffer, record.memoryOffset, size);
}
