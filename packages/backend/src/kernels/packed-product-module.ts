/**
 * The bytes of a SIMD WebAssembly module for OUT = A · B with B packed in column panels (see
 * packed-product-driver.ts), reading A and writing OUT in place in a memory it imports as
 * `env.memory` (the wasm backend's heap, or a product worker's shared floats). Assembled from
 * opcodes (@srnn/wasm-assembler). The recurrences of @srnn/recurrence use the same functions for
 * their per-step products against a block of the recurrent kernel.
 *
 * Why not XNNPACK (tf.matMul): B, a weight matrix, is small and packed once per call, and these
 * tiles then took 0.78 of XNNPACK's time on one thread at the input projection's size
 * ([16384, 200] · [200, 150]: `SRNN_THREADS=1 pnpm bench` in this package), and about 0.7 of it
 * at the recurrence's sizes (50 or 100 terms per sum; @srnn/recurrence's bench).
 */
import {
  assembleModule,
  assign,
  type Code,
  floatAccess,
  type FunctionSpec,
  I32,
  increment,
  loadSplat,
  Locals,
  op,
  V128,
  type ValueType,
  whileNonZero,
} from '@srnn/wasm-assembler';
import { multiplyAdd } from './multiply-add';
import { TILE_COLUMNS, TILE_ROWS } from './tile-sizes';

const $ = op.localGet;

/** Rows of OUT per tile, largest first (see tile-sizes.ts). */
export const PACKED_TILE_ROWS = TILE_ROWS;
/** Widths of B's column panels, widest first: the tiles' columns. */
export const PANEL_WIDTHS = TILE_COLUMNS;

export const packedProductName = (tileRows: number, panelWidth: number): string =>
  `packedProduct_${tileRows}x${panelWidth}`;

const PARAMS = 8;

/**
 * OUT = A · B for `rowBlocks` blocks of `tileRows` rows of A and `panels` consecutive packed
 * panels of B of width `panelWidth`, each tile's sums in registers over all `inner` terms, then
 * stored. Parameters (bytes for addresses and strides):
 * `(out, outStride, a, aStride, b, inner, panels, rowBlocks)`, with `out` and `a` at the first
 * block's first row (and `out` at the first panel's column) and `b` at the first panel. Each sum
 * adds its terms in order, one float32 multiply and add at a time (`relaxed`: one relaxed
 * multiply-add, see multiply-add.ts), so a row's result does not depend on the rows beside it.
 */
export function packedProductFunction(
  tileRows: number,
  panelWidth: number,
  relaxed = false,
): FunctionSpec {
  const [out, outStride, a, aStride, b, inner, panels, rowBlocks] = [0, 1, 2, 3, 4, 5, 6, 7];
  const locals = new Locals(PARAMS);
  const local = (type: ValueType): number => locals.add(type);
  const access = floatAccess[Math.min(panelWidth, 4) as 4 | 2 | 1];
  const vectors = Math.max(1, panelWidth / 4);
  const rowPointers = Array.from({ length: tileRows }, () => local(I32));
  const [panel, panelsLeft, left, outRow, tileOut] = [
    local(I32),
    local(I32),
    local(I32),
    local(I32),
    local(I32),
  ];
  const sums = Array.from({ length: tileRows }, () =>
    Array.from({ length: vectors }, () => local(V128)),
  );
  const bValues = Array.from({ length: vectors }, () => local(V128));
  const aValue = local(V128);
  const zero = local(V128);
  const addTerm = (sum: number, bValue: number): Code =>
    multiplyAdd($(aValue), $(bValue), $(sum), relaxed);
  const term = [
    ...bValues.flatMap((v, k) => assign(v, access.load($(panel), 16 * k))),
    ...sums.flatMap((line, i) => [
      ...assign(aValue, loadSplat($(rowPointers[i]!), 0)),
      ...line.flatMap((sum, k) => assign(sum, addTerm(sum, bValues[k]!))),
    ]),
    ...rowPointers.flatMap((pointer) => increment(pointer, op.i32Const(4))),
    ...increment(panel, op.i32Const(4 * panelWidth)),
    ...increment(left, op.i32Const(-1)),
  ];
  const tile = [
    ...sums.flat().flatMap((sum) => assign(sum, $(zero))),
    ...rowPointers.flatMap((pointer, i) =>
      assign(pointer, i === 0 ? $(a) : [...$(rowPointers[i - 1]!), ...$(aStride), ...op.i32Add]),
    ),
    ...assign(left, $(inner)),
    ...whileNonZero(left, term),
    ...assign(outRow, $(tileOut)),
    ...sums.flatMap((line, i) => [
      ...(i > 0 ? increment(outRow, $(outStride)) : []),
      ...line.flatMap((sum, k) => access.store($(outRow), $(sum), 16 * k)),
    ]),
    ...increment(tileOut, op.i32Const(4 * panelWidth)),
    ...increment(panelsLeft, op.i32Const(-1)),
  ];
  const body = [
    ...assign(zero, op.v128Const(new Array<number>(16).fill(0))),
    ...whileNonZero(rowBlocks, [
      ...assign(panel, $(b)),
      ...assign(tileOut, $(out)),
      ...assign(panelsLeft, $(panels)),
      ...whileNonZero(panelsLeft, tile),
      ...Array.from({ length: tileRows }, () => [
        ...increment(out, $(outStride)),
        ...increment(a, $(aStride)),
      ]).flat(),
      ...increment(rowBlocks, op.i32Const(-1)),
    ]),
  ];
  return {
    name: packedProductName(tileRows, panelWidth),
    params: Array<ValueType>(PARAMS).fill(I32),
    locals: locals.types,
    body,
  };
}

/** Every tile size's function, by PACKED_TILE_ROWS then PANEL_WIDTHS. */
export function packedProductFunctions(relaxed = false): FunctionSpec[] {
  return PACKED_TILE_ROWS.flatMap((rows) =>
    PANEL_WIDTHS.map((width) => packedProductFunction(rows, width, relaxed)),
  );
}

/**
 * The module's bytes; `shared` for a memory that is shared (the product workers' floats),
 * `relaxed` for the relaxed multiply-add.
 */
export function packedProductModuleBytes(shared = false, relaxed = false): Uint8Array {
  return assembleModule({ sharedMemory: shared, functions: packedProductFunctions(relaxed) });
}
