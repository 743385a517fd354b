import type { WasmBackendInternals } from './backend-internals';
import { ROW_SIMD_EXPORTS, rowSimdModuleBytes } from './row-simd-module';
import { isWasmMemory, type WasmMemory, type WasmModule, webAssembly } from './webassembly-api';

/** The row loops of {@link rowSimdModuleBytes}, bound to one memory. Addresses are in bytes. */
export interface RowSimd {
  sumRowsF32(src: number, rows: number, inner: number, dst: number): void;
  scatterAddF32(
    src: number,
    ids: number,
    count: number,
    inner: number,
    dst: number,
    numSegments: number,
  ): void;
  scatterAddI32(
    src: number,
    ids: number,
    count: number,
    inner: number,
    dst: number,
    numSegments: number,
  ): void;
  gatherRows(src: number, ids: number, count: number, rowBytes: number, dst: number): void;
}

const compiled = new Map<boolean, WasmModule | null>();
const instances = new WeakMap<WasmMemory, RowSimd | null>();

/** The compiled module, or null where this runtime lacks WebAssembly SIMD. Compiled once. */
function rowModule(shared: boolean): WasmModule | null {
  let module = compiled.get(shared);
  if (module === undefined) {
    try {
      module = webAssembly ? new webAssembly.Module(rowSimdModuleBytes(shared)) : null;
    } catch {
      module = null;
    }
    compiled.set(shared, module);
  }
  return module;
}

function isShared(memory: WasmMemory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/**
 * The row loops working in `memory` (plain or shared), or null if they cannot be had (no SIMD, or
 * a memory the module cannot import). One instance per memory.
 */
export function rowSimdFor(memory: WasmMemory): RowSimd | null {
  let loops = instances.get(memory);
  if (loops === undefined) {
    const module = rowModule(isShared(memory));
    try {
      const instance =
        module && webAssembly ? new webAssembly.Instance(module, { env: { memory } }) : null;
      loops = instance
        ? (Object.fromEntries(
            ROW_SIMD_EXPORTS.map((name) => [name, instance.exports[name]]),
          ) as unknown as RowSimd)
        : null;
    } catch {
      loops = null;
    }
    instances.set(memory, loops);
  }
  return loops;
}

/** The row loops on the wasm backend's heap, or null where they are unavailable. */
export function rowSimdOnHeap(backend: WasmBackendInternals): RowSimd | null {
  const memory = backend.wasm.asm?.memory;
  return isWasmMemory(memory) ? rowSimdFor(memory) : null;
}
