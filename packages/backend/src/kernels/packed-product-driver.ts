/**
 * The driver of the packed-product tiles (packed-product-module.ts): B packed into column panels,
 * and the tile calls that cover any rows × cols. planPackedProduct and multiplyPacked are
 * self-contained (they use nothing outside their parameters, and no syntax such as `?.` that a
 * bundler may turn into a call of a helper of its own) because the product workers run their
 * source text too (see parallel/product-worker-source.ts; test/bundles-start-workers.test.ts).
 */
import { PACKED_TILE_ROWS, PANEL_WIDTHS } from './packed-product-module';

/** One exported tile function: `(out, outStride, a, aStride, b, inner, panels, rowBlocks)`. */
export type PackedTile = (
  out: number,
  outStride: number,
  a: number,
  aStride: number,
  b: number,
  inner: number,
  panels: number,
  rowBlocks: number,
) => void;

/** The tile heights and panel widths the functions below work with, largest first. */
export interface PackedLayout {
  tileRows: readonly number[];
  panelWidths: readonly number[];
  /** Rows of A per pass of {@link multiplyPacked}: they stay in cache across B's panels. */
  rowsPerPass: number;
}

/**
 * 256 rows of A ([256, 200]: 200 KB) stay in L2 while every panel group of B reads them; a whole
 * operand of 24,000 rows would be read from memory once per group.
 */
export const PACKED_LAYOUT: PackedLayout = {
  tileRows: PACKED_TILE_ROWS,
  panelWidths: PANEL_WIDTHS,
  rowsPerPass: 256,
};

/** B's columns as panels: as many of the widest as fit, then one of each narrower one needed. */
export function panelWidths(cols: number, widths: readonly number[] = PANEL_WIDTHS): number[] {
  const widest = widths[0]!;
  const panels = new Array<number>(Math.floor(cols / widest)).fill(widest);
  let left = cols % widest;
  for (const width of widths.slice(1)) {
    if (left >= width) {
      panels.push(width);
      left -= width;
    }
  }
  return panels;
}

/**
 * Writes B [inner, cols] into `into` from element `at` as column panels: a panel of width w holds
 * B's next w columns as `inner` rows of w floats, one panel after the other (inner × cols floats
 * in all). B is read from `source` at element `from`, row-major, or, with `transposed`, from its
 * transpose Bᵀ [cols, inner] (the right operand of a matMul with transposeB).
 */
export function packPanels(
  into: Float32Array<ArrayBufferLike>,
  at: number,
  source: Float32Array<ArrayBufferLike>,
  from: number,
  inner: number,
  cols: number,
  transposed = false,
  widths: readonly number[] = PANEL_WIDTHS,
): void {
  const widest = widths[0]!;
  let to = at;
  let column = 0;
  let left = cols;
  for (let w = 0; w < widths.length && left > 0;) {
    const width = widths[w]!;
    if (left < width) {
      w += 1;
      continue;
    }
    for (let k = 0; k < inner; k += 1) {
      for (let c = 0; c < width; c += 1) {
        into[to++] = transposed
          ? source[from + (column + c) * inner + k]!
          : source[from + k * cols + column + c]!;
      }
    }
    column += width;
    left -= width;
    if (width !== widest) w += 1;
  }
}

/** One tile call: tile height and panel width (indices in the layout), where, and how many. */
export interface PackedCall {
  rowsIndex: number;
  widthIndex: number;
  row: number;
  column: number;
  /** Bytes from the packed B's start to the call's first panel. */
  panelBytes: number;
  panels: number;
  blocks: number;
}

/**
 * The tile calls of OUT [rows, cols] = A · packed B: blocks of the tallest tile for most rows,
 * then at most one of each shorter one, each over the runs of equal-width panels.
 */
export function planPackedProduct(
  rows: number,
  inner: number,
  cols: number,
  layout: PackedLayout,
): PackedCall[] {
  const { tileRows, panelWidths: widths } = layout;
  const calls: PackedCall[] = [];
  for (let row = 0; row < rows;) {
    const rowsIndex = tileRows.findIndex((height) => height <= rows - row);
    const height = tileRows[rowsIndex]!;
    const blocks = Math.floor((rows - row) / height);
    let column = 0;
    let left = cols;
    for (let widthIndex = 0; widthIndex < widths.length; widthIndex += 1) {
      const width = widths[widthIndex]!;
      const panels = widthIndex === 0 ? Math.floor(left / width) : left >= width ? 1 : 0;
      if (panels === 0) continue;
      calls.push({
        rowsIndex,
        widthIndex,
        row,
        column,
        panelBytes: 4 * inner * column,
        panels,
        blocks,
      });
      column += width * panels;
      left -= width * panels;
    }
    row += blocks * height;
  }
  return calls;
}

/**
 * OUT [rows, cols] = A [rows, inner] · B for B packed by {@link packPanels} at byte address
 * `packed`; `out` and `a` are byte addresses of row-major rows (`outStride`, `aStride` bytes
 * apart). Rows go in passes of `layout.rowsPerPass`, each by the calls `plan(rows of the pass)`
 * gives (see {@link planPackedProduct}; callers keep plans of sizes they meet again);
 * `afterPass` (if given) runs after each pass.
 */
export function multiplyPacked(
  tiles: readonly (readonly PackedTile[])[],
  layout: PackedLayout,
  plan: (rows: number) => readonly PackedCall[],
  out: number,
  outStride: number,
  a: number,
  aStride: number,
  packed: number,
  rows: number,
  inner: number,
  afterPass?: () => void,
): void {
  const pass = layout.rowsPerPass;
  for (let first = 0; first < rows; first += pass) {
    for (const call of plan(Math.min(pass, rows - first))) {
      const row = first + call.row;
      tiles[call.rowsIndex]![call.widthIndex]!(
        out + row * outStride + 4 * call.column,
        outStride,
        a + row * aStride,
        aStride,
        packed + call.panelBytes,
        inner,
        call.panels,
        call.blocks,
      );
    }
    if (afterPass !== undefined) afterPass();
  }
}
