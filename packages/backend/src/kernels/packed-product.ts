import { exportedFunction, instancePerMemory, type WasmMemory } from '@srnn/wasm-assembler';
import { heapMemory, type WasmBackendInternals } from '../internals';
import {
  multiplyPacked,
  PACKED_LAYOUT,
  type PackedCall,
  type PackedTile,
  planPackedProduct,
} from './packed-product-driver';
import { packedProductModuleBytes, packedProductName } from './packed-product-module';
import { relaxedMultiplyAdd } from './multiply-add';

/** The packed-product tiles of a module's exports, by tile height, then panel width. */
function packedTilesOf(exports: Record<string, unknown>): PackedTile[][] {
  return PACKED_LAYOUT.tileRows.map((rows) =>
    PACKED_LAYOUT.panelWidths.map((width) =>
      exportedFunction<PackedTile>(exports, packedProductName(rows, width)),
    ),
  );
}

/** The packed-product tiles bound to one memory, with the plans of the sizes met so far. */
export class PackedProductSimd {
  private readonly tiles: PackedTile[][];
  private readonly plans = new Map<string, PackedCall[]>();

  constructor(exports: Record<string, unknown>) {
    this.tiles = packedTilesOf(exports);
  }

  /**
   * OUT [rows, cols] = A [rows, inner] · B for B packed by packPanels at byte address `packed`;
   * `out` and `a` are byte addresses of rows `outStride` and `aStride` bytes apart. OUT must not
   * overlap A or B.
   */
  multiply(
    out: number,
    outStride: number,
    a: number,
    aStride: number,
    packed: number,
    rows: number,
    inner: number,
    cols: number,
  ): void {
    const plan = (passRows: number): PackedCall[] => {
      const key = `${passRows},${inner},${cols}`;
      let calls = this.plans.get(key);
      if (calls === undefined) {
        calls = planPackedProduct(passRows, inner, cols, PACKED_LAYOUT);
        this.plans.set(key, calls);
      }
      return calls;
    };
    multiplyPacked(
      this.tiles,
      PACKED_LAYOUT,
      plan,
      out,
      outStride,
      a,
      aStride,
      packed,
      rows,
      inner,
    );
  }
}

const bind = (exports: Record<string, unknown>) => new PackedProductSimd(exports);
const tilesOn = instancePerMemory((shared) => packedProductModuleBytes(shared, false), bind);
const relaxedTilesOn = instancePerMemory((shared) => packedProductModuleBytes(shared, true), bind);

/**
 * The tiles working in `memory` (plain or shared), with the relaxed multiply-add where this
 * process uses it (see multiply-add.ts), or null if they cannot be had (no SIMD, or a memory the
 * module cannot import). One instance per memory and kind.
 */
export function packedProductSimdFor(memory: WasmMemory): PackedProductSimd | null {
  return relaxedMultiplyAdd() ? relaxedTilesOn(memory) : tilesOn(memory);
}

/** The tiles on the wasm backend's heap, or null where they are unavailable. */
export function packedProductSimdOnHeap(backend: WasmBackendInternals): PackedProductSimd | null {
  const memory = heapMemory(backend);
  return memory === null ? null : packedProductSimdFor(memory);
}
