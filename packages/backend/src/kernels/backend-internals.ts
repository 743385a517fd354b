import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/** The numeric typed arrays a backend stores tensor values in. */
export type NumericArray = Float32Array | Int32Array | Uint8Array;

/** What the wasm backend records for each tensor (a subset of its own `TensorData`). */
export interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: DataType;
  stringBytes?: Uint8Array[];
}

/**
 * The parts of tfjs-backend-wasm's `BackendWasm` that the kernels here use. Declared structurally so
 * that this package does not import the wasm backend's internals (and with them its side effects).
 */
export interface WasmBackendInternals {
  wasm: {
    HEAPU8: Uint8Array;
    cwrap(name: string, returnType: null, argTypes: string[]): (...args: unknown[]) => void;
    tfjs: { disposeData(id: number): void };
    /** The Emscripten exports; `memory` is the heap's WebAssembly.Memory. */
    asm?: { memory?: unknown };
  };
  dataIdMap: {
    get(dataId: object): WasmTensorData;
    delete(dataId: object): boolean;
  };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): NumericArray;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

/** The parts of tfjs-backend-cpu's `MathBackendCPU` that the kernels here use. */
export interface CpuBackendInternals {
  data: { get(dataId: object): { values: unknown; complexTensorInfos?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: NumericArray): TensorInfo;
}
