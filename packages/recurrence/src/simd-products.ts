/**
 * The product functions every cell's recurrence uses, in one SIMD module per memory: the per-step
 * products A·B against a block of the recurrent kernel packed into column panels (the backend's
 * packed-product tiles, @srnn/backend/products), tiles of the recurrent kernel's gradient AᵀB,
 * and `addRows` (the every-state gradient added to the carried one). The module imports the
 * memory as `env.memory` (the wasm backend's heap, so it works on the tensors in place) and is
 * assembled from opcodes (@srnn/wasm-assembler).
 */
import {
  multiplyAdd,
  PACKED_TILE_ROWS,
  packedProductFunctions,
  PANEL_WIDTHS,
} from '@srnn/backend/products';
import {
  assembleModule,
  assign,
  floatAccess,
  type FunctionSpec,
  I32,
  increment,
  loadSplat,
  op,
  whileNonZero,
} from '@srnn/wasm-assembler';
import { $, f32x4, FunctionBuilder } from './simd-math';
import { elementwiseFunction, type ElementwiseStage } from './simd-stage';

/** Rows of output per product tile, and columns per tile: the backend's tile sizes. */
export const TILE_ROWS = PACKED_TILE_ROWS;
export const TILE_COLUMNS = PANEL_WIDTHS;

export const productTileName = (tileRows: number, tileColumns: number): string =>
  `productTile_${tileRows}x${tileColumns}`;

/**
 * A tile of OUT[i, c] += Σ A[row, i] · B[row, c] (i < rows of the tile, c < its columns), rows
 * enumerated as `outerCount` × `innerCount` with a stride for each level, so a block of steps ×
 * sequences goes in one call whatever the layout. Parameters (bytes for addresses and strides):
 * `(out, outStride, a, aOuter, aInner, b, bOuter, bInner, outerCount, innerCount)`, with `out`,
 * `a` and `b` pointing at the tile's first element. The sums stay in registers over all rows.
 */
function productTileFunction(
  tileRows: number,
  tileColumns: number,
  relaxed: boolean,
): FunctionSpec {
  const fn = new FunctionBuilder(10);
  const [out, outStride, a, aOuter, aInner, b, bOuter, bInner, outerCount, innerCount] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
  ];
  const access = floatAccess[Math.min(tileColumns, 4) as 4 | 2 | 1];
  const vectors = Math.max(1, tileColumns / 4);
  const [rowA, rowB, left] = [fn.local(I32), fn.local(I32), fn.local(I32)];
  const sums = Array.from({ length: tileRows }, () =>
    Array.from({ length: vectors }, () => fn.local()),
  );
  const bValues = Array.from({ length: vectors }, () => fn.local());
  const aValues = Array.from({ length: tileRows }, () => fn.local());
  const row = [
    ...bValues.flatMap((v, k) => assign(v, access.load($(rowB), 16 * k))),
    ...sums.flatMap((line, i) => [
      ...assign(aValues[i]!, loadSplat($(rowA), 4 * i)),
      ...line.flatMap((sum, k) =>
        assign(sum, multiplyAdd($(aValues[i]!), $(bValues[k]!), $(sum), relaxed)),
      ),
    ]),
    ...increment(rowA, $(aInner)),
    ...increment(rowB, $(bInner)),
    ...increment(left, op.i32Const(-1)),
  ];
  const body = [
    ...sums.flat().flatMap((sum) => assign(sum, fn.splat(0))),
    ...whileNonZero(outerCount, [
      ...assign(rowA, $(a)),
      ...assign(rowB, $(b)),
      ...assign(left, $(innerCount)),
      ...whileNonZero(left, row),
      ...increment(a, $(aOuter)),
      ...increment(b, $(bOuter)),
      ...increment(outerCount, op.i32Const(-1)),
    ]),
    ...sums.flatMap((line) => [
      ...line.flatMap((sum, k) =>
        access.store($(out), f32x4.add(access.load($(out), 16 * k), $(sum)), 16 * k),
      ),
      ...increment(out, $(outStride)),
    ]),
  ];
  return fn.spec(productTileName(tileRows, tileColumns), body);
}

/** out = a + b, element-wise: the every-state gradient of a step added to the carried one. */
export const ADD_ROWS: ElementwiseStage<'a' | 'b' | 'out'> = {
  name: 'addRows',
  streams: ['a', 'b', 'out'],
  body: (_fn, io) => io.store('out', f32x4.add(io.load('a'), io.load('b'))),
};

/**
 * The products module's bytes; `shared` for a backend whose heap is a shared memory (threads),
 * `relaxed` for the relaxed multiply-add (see @srnn/backend/products).
 */
export function productModuleBytes(shared = false, relaxed = false): Uint8Array {
  const functions: FunctionSpec[] = [
    elementwiseFunction(ADD_ROWS),
    ...packedProductFunctions(relaxed),
  ];
  for (const rows of TILE_ROWS) {
    for (const columns of TILE_COLUMNS) functions.push(productTileFunction(rows, columns, relaxed));
  }
  return assembleModule({ sharedMemory: shared, functions });
}
