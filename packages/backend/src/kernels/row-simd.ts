import { exportedFunction, instancePerMemory, type WasmMemory } from '@srnn/wasm-assembler';
import { heapMemory, type WasmBackendInternals } from '../internals';
import { ROW_SIMD_EXPORTS, rowSimdModuleBytes } from './row-simd-module';

/** Adds row i of `src` into row `ids[i]` of `dst` (`numSegments` rows); ids out of range skipped. */
type ScatterAdd = (
  src: number,
  ids: number,
  count: number,
  inner: number,
  dst: number,
  numSegments: number,
) => void;

/** The row loops of {@link rowSimdModuleBytes}, bound to one memory. Addresses are in bytes. */
export interface RowSimd {
  sumRowsF32(src: number, rows: number, inner: number, dst: number): void;
  scatterAddF32: ScatterAdd;
  scatterAddI32: ScatterAdd;
  gatherRows(src: number, ids: number, count: number, rowBytes: number, dst: number): void;
}

const loopsOn = instancePerMemory(
  rowSimdModuleBytes,
  (exports) =>
    Object.fromEntries(
      ROW_SIMD_EXPORTS.map((name) => [name, exportedFunction(exports, name)]),
    ) as unknown as RowSimd,
);

/**
 * The row loops working in `memory` (plain or shared), or null if they cannot be had (no SIMD, or
 * a memory the module cannot import). One instance per memory.
 */
export function rowSimdFor(memory: WasmMemory): RowSimd | null {
  return loopsOn(memory);
}

/** The row loops on the wasm backend's heap, or null where they are unavailable. */
export function rowSimdOnHeap(backend: WasmBackendInternals): RowSimd | null {
  const memory = heapMemory(backend);
  return memory === null ? null : rowSimdFor(memory);
}
