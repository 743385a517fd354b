// The product module's functions bound to one memory, with the argument lists spelled out.
import { PackedProductSimd, relaxedMultiplyAdd } from '@srnn/backend/products';
import { exportedFunction, instancePerMemory, webAssembly } from '@srnn/wasm-assembler';
import {
  ADD_ROWS,
  productModuleBytes,
  productTileName,
  TILE_COLUMNS,
  TILE_ROWS,
} from './simd-products';

/** Rows of float32 in the memory: byte address of element (0, 0), bytes from one row to the next. */
export interface Rows {
  at: number;
  stride: number;
}

/** Rows enumerated as outer × inner (e.g. steps × sequences): a byte stride for each level. */
export interface RowBlock {
  at: number;
  outer: number;
  inner: number;
}

type Exported = (...args: number[]) => void;

/** The product module's functions bound to one memory. */
export class ProductSimd {
  /** The product tiles by index in TILE_ROWS, then in TILE_COLUMNS. */
  private readonly tiles: Exported[][];
  /** The packed-product tiles of this module (@srnn/backend/products), with their plans. */
  private readonly packed: PackedProductSimd;

  constructor(private readonly exports: Record<string, unknown>) {
    this.packed = new PackedProductSimd(exports);
    this.tiles = TILE_ROWS.map((rows) =>
      TILE_COLUMNS.map((columns) => this.exported(productTileName(rows, columns))),
    );
  }

  /**
   * OUT[rows, cols] = A[rows, inner] · B for B packed by packPanels (@srnn/backend/products) at
   * byte address `packed`. OUT must not overlap A or B.
   */
  multiplyPacked(
    out: Rows,
    a: Rows,
    packed: number,
    rows: number,
    inner: number,
    cols: number,
  ): void {
    this.packed.multiply(out.at, out.stride, a.at, a.stride, packed, rows, inner, cols);
  }

  /** OUT = A + B over `rows` × `cols` elements (OUT may be A or B). */
  addRows(out: Rows, a: Rows, b: Rows, rows: number, cols: number): void {
    this.exported(ADD_ROWS.name)(rows, cols, a.at, a.stride, b.at, b.stride, out.at, out.stride);
  }

  /**
   * OUT[i, c] += Σ_rows A[row, i] · B[row, c] for i < `inner`, c < `cols`, over the
   * `outerCount` × `innerCount` rows of the blocks, tile by tile.
   */
  accumulateProduct(
    out: Rows,
    a: RowBlock,
    b: RowBlock,
    inner: number,
    cols: number,
    outerCount: number,
    innerCount: number,
  ): void {
    // The largest tiles that fit, so any size works.
    for (let i = 0; i < inner;) {
      const r = TILE_ROWS.findIndex((n) => n <= inner - i);
      for (let c = 0; c < cols;) {
        const k = TILE_COLUMNS.findIndex((n) => n <= cols - c);
        this.tiles[r]![k]!(
          out.at + i * out.stride + 4 * c,
          out.stride,
          a.at + 4 * i,
          a.outer,
          a.inner,
          b.at + 4 * c,
          b.outer,
          b.inner,
          outerCount,
          innerCount,
        );
        c += TILE_COLUMNS[k]!;
      }
      i += TILE_ROWS[r]!;
    }
  }

  private exported(name: string): Exported {
    return exportedFunction<Exported>(this.exports, name);
  }
}

const bind = (exports: Record<string, unknown>) => new ProductSimd(exports);
const productsOn = instancePerMemory((shared) => productModuleBytes(shared, false), bind);
const relaxedProductsOn = instancePerMemory((shared) => productModuleBytes(shared, true), bind);

/**
 * The products module instantiated on `memory` (a WebAssembly.Memory; one instance per memory
 * and kind: with the relaxed multiply-add where this process uses it, see @srnn/backend/products),
 * or null where it cannot be had: no WebAssembly SIMD in this runtime, or not a memory.
 */
export function productSimdFor(memory: unknown): ProductSimd | null {
  return relaxedMultiplyAdd() ? relaxedProductsOn(memory) : productsOn(memory);
}

/** A fresh memory of `pages` × 64 KiB (tests), or null without WebAssembly. */
export function scratchMemory(pages: number): { buffer: ArrayBuffer } | null {
  if (webAssembly === undefined) return null;
  return new webAssembly.Memory({ initial: pages }) as { buffer: ArrayBuffer };
}
