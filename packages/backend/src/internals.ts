/**
 * @packageDocumentation
 * The private parts of TensorFlow.js's wasm and cpu backends that the fused kernels of the SRNN
 * packages use (`@srnn/backend/internals`), in one typed place. tfjs does not export these; they
 * were read from, and are tested against, the versions in {@link TESTED_TFJS_RANGE}. Kernels get
 * them through {@link wasmInternals} and {@link cpuInternals}, which check once per backend that
 * every member is there and otherwise throw a {@link TfjsInternalsError} naming what changed.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs';
import { SrnnError } from '@srnn/errors';
import { isWasmMemory, type WasmMemory } from '@srnn/wasm-assembler';

/** The TensorFlow.js versions whose internals this module was written for and tested with. */
export const TESTED_TFJS_RANGE = '~4.22.0';

/** The numeric typed arrays a backend stores tensor values in. */
export type NumericArray = Float32Array | Int32Array | Uint8Array;

/** What the wasm backend records for each tensor (a subset of its own `TensorData`). */
export interface WasmTensorData {
  id: number;
  memoryOffset: number;
  /** Tensors (and variables) holding this data: 1 when one alone does. */
  refCount: number;
  shape: number[];
  dtype: DataType;
  stringBytes?: Uint8Array[];
}

/** The parts of tfjs-backend-wasm's `BackendWasm` that the SRNN kernels use. */
export interface WasmBackendInternals {
  wasm: {
    HEAPU8: Uint8Array;
    cwrap(name: string, returnType: null, argTypes: string[]): (...args: unknown[]) => void;
    /** Emscripten's allocator on the heap: a byte offset (0 when it fails). */
    _malloc(bytes: number): number;
    _free(offset: number): void;
    tfjs: { disposeData(id: number): void };
    /** The Emscripten exports; `memory` is the heap's WebAssembly.Memory. */
    asm?: { memory?: unknown };
  };
  dataIdMap: {
    get(dataId: object): WasmTensorData;
    delete(dataId: object): boolean;
  };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  /** A typed array over the tensor's bytes on the heap (no copy). */
  typedArrayFromHeap(info: TensorInfo): NumericArray;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

/** The parts of tfjs-backend-cpu's `MathBackendCPU` that the SRNN kernels use. */
export interface CpuBackendInternals {
  data: { get(dataId: object): { values: unknown; complexTensorInfos?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: NumericArray): TensorInfo;
}

/** A tfjs backend whose private parts are not what {@link TESTED_TFJS_RANGE} had. */
export class TfjsInternalsError extends SrnnError {}

type Kind = 'function' | 'object' | 'Uint8Array';

/** Members the kernels cannot work without, by path from the backend object. */
const WASM_MEMBERS: readonly [string, Kind][] = [
  ['wasm.HEAPU8', 'Uint8Array'],
  ['wasm.cwrap', 'function'],
  ['wasm._malloc', 'function'],
  ['wasm._free', 'function'],
  ['wasm.tfjs.disposeData', 'function'],
  ['dataIdMap.get', 'function'],
  ['dataIdMap.delete', 'function'],
  ['makeOutput', 'function'],
  ['typedArrayFromHeap', 'function'],
  ['disposeData', 'function'],
  ['incRef', 'function'],
];

const CPU_MEMBERS: readonly [string, Kind][] = [
  ['data.get', 'function'],
  ['makeTensorInfo', 'function'],
];

function memberAt(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function isKind(value: unknown, kind: Kind): boolean {
  if (kind === 'Uint8Array') return value instanceof Uint8Array;
  return typeof value === kind && value !== null;
}

/** The members of `members` that `backend` lacks or has with another type, one line each. */
function problemsOf(backend: unknown, members: readonly [string, Kind][]): string[] {
  return members
    .filter(([path, kind]) => !isKind(memberAt(backend, path), kind))
    .map(([path, kind]) => `${path} is not a ${kind}`);
}

/**
 * What differs between a live wasm backend and the internals the kernels use: the members they
 * need, and, given a tensor of that backend, its record and the heap's memory (without the memory
 * the SIMD paths fall back to plain loops: slower, so drift there is reported too).
 */
export function wasmInternalsProblems(backend: unknown, probe?: TensorInfo): string[] {
  const problems = problemsOf(backend, WASM_MEMBERS);
  if (!isWasmMemory(memberAt(backend, 'wasm.asm.memory'))) {
    problems.push('wasm.asm.memory is not a WebAssembly.Memory');
  }
  if (probe !== undefined && problems.length === 0) {
    const data = (backend as WasmBackendInternals).dataIdMap.get(probe.dataId) as unknown;
    for (const field of ['id', 'memoryOffset', 'refCount']) {
      if (typeof memberAt(data, field) !== 'number') {
        problems.push(`dataIdMap.get(dataId).${field} is not a number`);
      }
    }
  }
  return problems;
}

/** What differs between a live cpu backend and the internals the kernels use. */
export function cpuInternalsProblems(backend: unknown, probe?: TensorInfo): string[] {
  const problems = problemsOf(backend, CPU_MEMBERS);
  if (probe !== undefined && problems.length === 0) {
    const data = (backend as CpuBackendInternals).data.get(probe.dataId) as unknown;
    if (!ArrayBuffer.isView(memberAt(data, 'values'))) {
      problems.push('data.get(dataId).values is not a typed array');
    }
  }
  return problems;
}

function refuse(backendName: string, problems: string[]): never {
  throw new TfjsInternalsError(
    `@srnn/backend: this TensorFlow.js ${backendName} backend differs from the one the SRNN ` +
      `kernels were written for (${TESTED_TFJS_RANGE}): ${problems.join('; ')}. ` +
      `Install @tensorflow/tfjs and @tensorflow/tfjs-backend-${backendName} ${TESTED_TFJS_RANGE}.`,
  );
}

const checkedWasm = new WeakSet<object>();
const checkedCpu = new WeakSet<object>();

/** The wasm backend's internals, checked on first use (kernels receive `params.backend`). */
export function wasmInternals(backend: unknown): WasmBackendInternals {
  const key = backend as object;
  if (!checkedWasm.has(key)) {
    const problems = problemsOf(backend, WASM_MEMBERS);
    if (problems.length > 0) refuse('wasm', problems);
    checkedWasm.add(key);
  }
  return backend as WasmBackendInternals;
}

/** The cpu backend's internals, checked on first use. */
export function cpuInternals(backend: unknown): CpuBackendInternals {
  const key = backend as object;
  if (!checkedCpu.has(key)) {
    const problems = problemsOf(backend, CPU_MEMBERS);
    if (problems.length > 0) refuse('cpu', problems);
    checkedCpu.add(key);
  }
  return backend as CpuBackendInternals;
}

/** The floats of a tensor on the wasm heap, in place; invalid once the heap grows. */
export function heapFloats(backend: WasmBackendInternals, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Byte offset of a tensor's data on the wasm heap. */
export function heapOffset(backend: WasmBackendInternals, info: TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}

/** The wasm heap's WebAssembly.Memory, or null when this build does not expose it. */
export function heapMemory(backend: WasmBackendInternals): WasmMemory | null {
  const memory = backend.wasm.asm?.memory;
  return isWasmMemory(memory) ? memory : null;
}

/**
 * New tensors on the memory of `infos` (same order), for a kernel that writes its results over
 * these inputs, or null unless every one's data has a single holder (refCount 1) and no two share
 * data. Each new tensor owns its memory under a new id; each old one is left a 4-byte block, so
 * that disposing it (an optimizer's `assign` does) frees nothing the new one uses, and so that
 * whatever compares ids (XNNPACK's packed weights, lookups that record the table they read) sees
 * new data. The old tensors' values are gone: only for inputs nobody reads after the kernel.
 */
export function takeOverHeapData(
  backend: WasmBackendInternals,
  infos: readonly TensorInfo[],
): TensorInfo[] | null {
  const data = infos.map((info) => backend.dataIdMap.get(info.dataId));
  if (data.some((d) => d.refCount !== 1) || new Set(data).size !== data.length) return null;
  const blocks = data.map(() => backend.wasm._malloc(4) >>> 0);
  if (blocks.includes(0)) {
    for (const block of blocks) if (block !== 0) backend.wasm._free(block);
    return null;
  }
  return infos.map((info, i) => {
    const offset = data[i]!.memoryOffset;
    data[i]!.memoryOffset = blocks[i]!;
    return backend.makeOutput(info.shape, info.dtype, offset);
  });
}
