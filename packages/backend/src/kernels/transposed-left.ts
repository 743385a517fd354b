import { exportedFunction, instancePerMemory, type WasmMemory } from '@srnn/wasm-assembler';
import { heapMemory, type WasmBackendInternals } from '../internals';
import { relaxedMultiplyAdd } from './multiply-add';
import { addTransposedLeftProduct, TILE_LAYOUT, type Tile } from './transposed-left-driver';
import {
  TILE_COLUMNS,
  TILE_ROWS,
  tileName,
  transposedLeftModuleBytes,
} from './transposed-left-module';

export { TRANSPOSED_LEFT_BLOCK_ROWS } from './transposed-left-driver';

/** The module's tiles bound to one memory. */
export class TransposedLeftSimd {
  /** By index in TILE_ROWS, then in TILE_COLUMNS. */
  private readonly tiles: Tile[][];

  constructor(exports: Record<string, unknown>) {
    this.tiles = TILE_ROWS.map((r) =>
      TILE_COLUMNS.map((c) => exportedFunction<Tile>(exports, tileName(r, c))),
    );
  }

  /**
   * `into[m, n] += A[rows, m]ᵀ · B[rows, n]` for row-major float32 matrices at byte addresses
   * `into`, `a` and `b` in the memory. Any m, n ≥ 1 and rows ≥ 0; `into` must not overlap A or B.
   */
  addProduct(into: number, a: number, b: number, rows: number, m: number, n: number): void {
    addTransposedLeftProduct(this.tiles, TILE_LAYOUT, into, a, b, rows, m, n);
  }
}

const bind = (exports: Record<string, unknown>) => new TransposedLeftSimd(exports);
const tilesOn = instancePerMemory((shared) => transposedLeftModuleBytes(shared, false), bind);
const relaxedTilesOn = instancePerMemory((shared) => transposedLeftModuleBytes(shared, true), bind);

/**
 * The tiles working in `memory` (plain or shared), with the relaxed multiply-add where this
 * process uses it (see multiply-add.ts), or null if they cannot be had (no SIMD, or a memory the
 * module cannot import). One instance per memory and kind.
 */
export function transposedLeftSimdFor(memory: WasmMemory): TransposedLeftSimd | null {
  return relaxedMultiplyAdd() ? relaxedTilesOn(memory) : tilesOn(memory);
}

/** The tiles on the wasm backend's heap, or null where they are unavailable. */
export function transposedLeftSimdOnHeap(backend: WasmBackendInternals): TransposedLeftSimd | null {
  const memory = heapMemory(backend);
  return memory === null ? null : transposedLeftSimdFor(memory);
}
