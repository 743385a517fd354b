import {
  exportedFunction,
  instancePerMemory,
  isWasmMemory,
  type WasmMemory,
} from '@srnn/wasm-assembler';
import type { WasmBackendInternals } from './backend-internals';
import {
  TILE_COLUMNS,
  TILE_ROWS,
  tileName,
  transposedLeftModuleBytes,
} from './transposed-left-module';

/**
 * Rows of A and B per pass over the tiles. One tile reads a cache line of A and one of B per row,
 * so 128 rows (16 KB of lines) stay in the L1 cache while the tile runs, and the block of A and B
 * ([128, 200] and [128, 150]: 175 KB) stays in L2 while every tile of the output reads it. Measured
 * on [16384, 200]ᵀ · [16384, 150]: 96 to 192 rows are as fast; 64 and 256 slower, and whole
 * operands (no blocks) nine times slower, from main memory.
 */
export const TRANSPOSED_LEFT_BLOCK_ROWS = 128;

type Tile = (
  out: number,
  outStride: number,
  a: number,
  aStride: number,
  b: number,
  bStride: number,
  rows: number,
  count: number,
) => void;

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
    const [aStride, bStride, outStride] = [4 * m, 4 * n, 4 * n];
    // Column runs: as many of the widest tile as fit, then one of each narrower tile that fits.
    const runs: { tile: number; column: number; count: number }[] = [];
    for (let column = 0, k = 0; column < n; k += 1) {
      const width = TILE_COLUMNS[k]!;
      const count = k === 0 ? Math.floor(n / width) : n - column >= width ? 1 : 0;
      if (count > 0) runs.push({ tile: k, column, count });
      column += count * width;
    }
    for (let first = 0; first < rows; first += TRANSPOSED_LEFT_BLOCK_ROWS) {
      const blockRows = Math.min(TRANSPOSED_LEFT_BLOCK_ROWS, rows - first);
      const aBlock = a + first * aStride;
      const bBlock = b + first * bStride;
      for (let i = 0; i < m;) {
        const r = TILE_ROWS.findIndex((height) => height <= m - i);
        const strip = this.tiles[r]!;
        for (const { tile, column, count } of runs) {
          strip[tile]!(
            into + i * outStride + 4 * column,
            outStride,
            aBlock + 4 * i,
            aStride,
            bBlock + 4 * column,
            bStride,
            blockRows,
            count,
          );
        }
        i += TILE_ROWS[r]!;
      }
    }
  }
}

const tilesOn = instancePerMemory(
  transposedLeftModuleBytes,
  (exports) => new TransposedLeftSimd(exports),
);

/**
 * The tiles working in `memory` (plain or shared), or null if they cannot be had (no SIMD, or a
 * memory the module cannot import). One instance per memory.
 */
export function transposedLeftSimdFor(memory: WasmMemory): TransposedLeftSimd | null {
  return tilesOn(memory);
}

/** The tiles on the wasm backend's heap, or null where they are unavailable. */
export function transposedLeftSimdOnHeap(backend: WasmBackendInternals): TransposedLeftSimd | null {
  const memory = backend.wasm.asm?.memory;
  return isWasmMemory(memory) ? transposedLeftSimdFor(memory) : null;
}
