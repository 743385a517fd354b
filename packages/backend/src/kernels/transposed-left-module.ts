/**
 * The bytes of a small SIMD WebAssembly module for `OUT[m, n] += A[rows, m]ᵀ · B[rows, n]` (a
 * weight gradient Xᵀ·dY), reading A and B in place in a memory it imports as `env.memory` (the
 * wasm backend's heap): no transpose of A and no packed copy of B. Assembled from opcodes
 * (@srnn/wasm-assembler), so no compiler or binary file is needed.
 *
 * Each export computes a strip of tiles: `tileRows` rows of OUT by `tileColumns` columns per tile,
 * `count` tiles side by side. A tile keeps its sums in registers over all the rows it is given
 * (one broadcast value of A times one or two vectors of B per output row and input row), then
 * adds them into OUT once. The caller picks the tiles that cover any m and n and hands over the
 * rows in blocks that stay in cache (see transposed-left.ts).
 *
 * Parameters, all i32 (addresses and strides in bytes):
 * `(out, outStride, a, aStride, b, bStride, rows, count)`, with `out` at OUT[i, c], `a` at A[0, i]
 * and `b` at B[0, c] for the strip's first tile; the tiles that follow are `tileColumns` columns
 * further along in OUT and B.
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

// ---- Tiles ----

/** Rows and columns of OUT per tile (see tile-sizes.ts). */
export { TILE_COLUMNS, TILE_ROWS };

export const tileName = (tileRows: number, tileColumns: number): string =>
  `tiles_${tileRows}x${tileColumns}`;

const PARAMS = 8;

function tileFunction(tileRows: number, tileColumns: number, relaxed: boolean): FunctionSpec {
  const [out, outStride, a, aStride, b, bStride, rows, count] = [0, 1, 2, 3, 4, 5, 6, 7];
  const locals = new Locals(PARAMS);
  const local = (type: ValueType): number => locals.add(type);
  const [rowA, rowB, left, outRow] = [local(I32), local(I32), local(I32), local(I32)];
  const access = floatAccess[Math.min(tileColumns, 4) as 4 | 2 | 1];
  const vectors = Math.max(1, tileColumns / 4);
  const sums = Array.from({ length: tileRows }, () =>
    Array.from({ length: vectors }, () => local(V128)),
  );
  const bValues = Array.from({ length: vectors }, () => local(V128));
  const aValue = local(V128);

  // OUT row i of the tile: out + i * outStride, kept in outRow as the rows are visited in order.
  const eachOutRow = (perRow: (i: number) => Code): Code => [
    ...assign(outRow, $(out)),
    ...sums.flatMap((_, i) => [...(i > 0 ? increment(outRow, $(outStride)) : []), ...perRow(i)]),
  ];
  const row = [
    ...bValues.flatMap((v, k) => assign(v, access.load($(rowB), 16 * k))),
    ...sums.flatMap((line, i) => [
      ...assign(aValue, loadSplat($(rowA), 4 * i)),
      ...line.flatMap((sum, k) =>
        assign(sum, multiplyAdd($(aValue), $(bValues[k]!), $(sum), relaxed)),
      ),
    ]),
    ...increment(rowA, $(aStride)),
    ...increment(rowB, $(bStride)),
    ...increment(left, op.i32Const(-1)),
  ];
  const tile = [
    // The sums start from OUT, so adding them in at the end is a plain store.
    ...eachOutRow((i) => sums[i]!.flatMap((sum, k) => assign(sum, access.load($(outRow), 16 * k)))),
    ...assign(rowA, $(a)),
    ...assign(rowB, $(b)),
    ...assign(left, $(rows)),
    ...whileNonZero(left, row),
    ...eachOutRow((i) => sums[i]!.flatMap((sum, k) => access.store($(outRow), $(sum), 16 * k))),
    ...increment(out, op.i32Const(4 * tileColumns)),
    ...increment(b, op.i32Const(4 * tileColumns)),
    ...increment(count, op.i32Const(-1)),
  ];
  return {
    name: tileName(tileRows, tileColumns),
    params: Array<ValueType>(PARAMS).fill(I32),
    locals: locals.types,
    body: whileNonZero(count, tile),
  };
}

/**
 * The module's bytes; `shared` for a heap that is a shared memory (the threaded wasm build),
 * `relaxed` for the relaxed multiply-add (see multiply-add.ts).
 */
export function transposedLeftModuleBytes(shared = false, relaxed = false): Uint8Array {
  return assembleModule({
    sharedMemory: shared,
    functions: TILE_ROWS.flatMap((r) => TILE_COLUMNS.map((c) => tileFunction(r, c, relaxed))),
  });
}
