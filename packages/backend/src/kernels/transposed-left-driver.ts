import { TILE_COLUMNS, TILE_ROWS } from './transposed-left-module';

/**
 * Rows of A and B per pass over the tiles. One tile reads a cache line of A and one of B per row,
 * so 128 rows (16 KB of lines) stay in the L1 cache while the tile runs, and the block of A and B
 * ([128, 200] and [128, 150]: 175 KB) stays in L2 while every tile of the output reads it. Measured
 * on [16384, 200]ᵀ · [16384, 150]: 96 to 192 rows are as fast; 64 and 256 slower, and whole
 * operands (no blocks) nine times slower, from main memory.
 */
export const TRANSPOSED_LEFT_BLOCK_ROWS = 128;

/** One exported tile strip of the module (see transposed-left-module.ts). */
export type Tile = (
  out: number,
  outStride: number,
  a: number,
  aStride: number,
  b: number,
  bStride: number,
  rows: number,
  count: number,
) => void;

/** The tile sizes and block height the driver below works with. */
export interface TileLayout {
  tileRows: readonly number[];
  tileColumns: readonly number[];
  blockRows: number;
}

export const TILE_LAYOUT: TileLayout = {
  tileRows: TILE_ROWS,
  tileColumns: TILE_COLUMNS,
  blockRows: TRANSPOSED_LEFT_BLOCK_ROWS,
};

/**
 * The driver of the tiles: `into[m, n] += A[rows, m]ᵀ · B[rows, n]`, blocks of rows, strips of
 * tiles. Self-contained (it uses nothing outside its parameters) because the product workers run
 * its source text too (see parallel/product-worker-source.ts).
 */
export function addTransposedLeftProduct(
  tiles: readonly (readonly Tile[])[],
  layout: TileLayout,
  into: number,
  a: number,
  b: number,
  rows: number,
  m: number,
  n: number,
): void {
  const { tileRows, tileColumns, blockRows: block } = layout;
  const [aStride, bStride, outStride] = [4 * m, 4 * n, 4 * n];
  // Column runs: as many of the widest tile as fit, then one of each narrower tile that fits.
  const runs: { tile: number; column: number; count: number }[] = [];
  for (let column = 0, k = 0; column < n; k += 1) {
    const width = tileColumns[k]!;
    const count = k === 0 ? Math.floor(n / width) : n - column >= width ? 1 : 0;
    if (count > 0) runs.push({ tile: k, column, count });
    column += count * width;
  }
  for (let first = 0; first < rows; first += block) {
    const blockRows = Math.min(block, rows - first);
    const aBlock = a + first * aStride;
    const bBlock = b + first * bStride;
    for (let i = 0; i < m;) {
      const r = tileRows.findIndex((height) => height <= m - i);
      const strip = tiles[r]!;
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
      i += tileRows[r]!;
    }
  }
}
