/**
 * The bytes of a small SIMD WebAssembly module for `OUT[m, n] += A[rows, m]ᵀ · B[rows, n]` (a
 * weight gradient Xᵀ·dY), reading A and B in place in a memory it imports as `env.memory` (the
 * wasm backend's heap): no transpose of A and no packed copy of B. Built here from opcodes, so no
 * compiler or binary file is needed.
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

type Code = number[];

const I32 = 0x7f;
const V128 = 0x7b;

/** Unsigned LEB128, as the binary format encodes sizes, counts and indices. */
function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, for i32.const. */
function sleb128(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const name = (s: string): number[] => [
  ...leb128(s.length),
  ...Array.from(s, (ch) => ch.charCodeAt(0)),
];

const section = (id: number, content: number[]): number[] => [
  id,
  ...leb128(content.length),
  ...content,
];

const op = {
  end: [0x0b],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (i: number) => [0x20, ...leb128(i)],
  set: (i: number) => [0x21, ...leb128(i)],
  i32Const: (n: number) => [0x41, ...sleb128(n)],
  i32Eqz: [0x45],
  i32Add: [0x6a],
};

const $ = op.get;

const assign = (local: number, value: Code): Code => [...value, ...op.set(local)];

/** `local += value` for an i32 local. */
const increment = (local: number, value: Code): Code => [
  ...$(local),
  ...value,
  ...op.i32Add,
  ...op.set(local),
];

/** `while (local != 0) { body }` */
const whileNonZero = (local: number, body: Code): Code => [
  ...op.block,
  ...op.loop,
  ...$(local),
  ...op.i32Eqz,
  ...op.brIf(1),
  ...body,
  ...op.br(0),
  ...op.end,
  ...op.end,
];

// ---- SIMD ----

const simd = (...code: number[]): number[] => [0xfd, ...code];
/** memarg: alignment 4 bytes (any address works; the hint only promises so much), offset. */
const memarg = (offset: number): number[] => [0x02, ...leb128(offset)];

const f32x4Add = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe4, 0x01)];
const f32x4Mul = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe6, 0x01)];

/** Loads and stores of `floats` (4, 2 or 1) in the low lanes of a v128. */
interface Access {
  load(address: Code, offset: number): Code;
  store(address: Code, value: Code, offset: number): Code;
}

const ACCESS: Record<4 | 2 | 1, Access> = {
  4: {
    load: (address, offset) => [...address, ...simd(0x00, ...memarg(offset))],
    store: (address, value, offset) => [...address, ...value, ...simd(0x0b, ...memarg(offset))],
  },
  // v128.load64_zero and v128.store64_lane (lane 0)
  2: {
    load: (address, offset) => [...address, ...simd(0x5d, ...memarg(offset))],
    store: (address, value, offset) => [...address, ...value, ...simd(0x5b, ...memarg(offset), 0)],
  },
  // v128.load32_zero and v128.store32_lane (lane 0)
  1: {
    load: (address, offset) => [...address, ...simd(0x5c, ...memarg(offset))],
    store: (address, value, offset) => [...address, ...value, ...simd(0x5a, ...memarg(offset), 0)],
  },
};

/** One float at `address + offset` in every lane (v128.load32_splat). */
const loadSplat = (address: Code, offset: number): Code => [
  ...address,
  ...simd(0x09, ...memarg(offset)),
];

// ---- Tiles ----

/**
 * Rows of OUT per tile, largest first. Four rows of two vectors (eight sums) plus two vectors of B
 * and one of A fit in the 16 vector registers V8 uses on x64 without spilling, and give eight
 * independent additions to overlap.
 */
export const TILE_ROWS = [4, 2, 1] as const;
/** Columns of OUT per tile, largest first: two vectors, one, then half and quarter vectors. */
export const TILE_COLUMNS = [8, 4, 2, 1] as const;

export const tileName = (tileRows: number, tileColumns: number): string =>
  `tiles_${tileRows}x${tileColumns}`;

const PARAMS = 8;

function tileFunction(tileRows: number, tileColumns: number): number[] {
  const [out, outStride, a, aStride, b, bStride, rows, count] = [0, 1, 2, 3, 4, 5, 6, 7];
  const locals: number[] = [];
  const local = (type: number): number => {
    locals.push(type);
    return PARAMS + locals.length - 1;
  };
  const [rowA, rowB, left, outRow] = [local(I32), local(I32), local(I32), local(I32)];
  const access = ACCESS[Math.min(tileColumns, 4) as 4 | 2 | 1];
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
        assign(sum, f32x4Add($(sum), f32x4Mul($(aValue), $(bValues[k]!)))),
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
  const body = whileNonZero(count, tile);

  // Local declarations: runs of one type.
  const runs: [number, number][] = [];
  for (const [i, type] of locals.entries()) {
    if (i > 0 && locals[i - 1] === type) runs[runs.length - 1]![0] += 1;
    else runs.push([1, type]);
  }
  const content = [
    ...leb128(runs.length),
    ...runs.flatMap(([n, type]) => [...leb128(n), type]),
    ...body,
    ...op.end,
  ];
  return [...leb128(content.length), ...content];
}

/** The module's bytes; `shared` for a heap that is a shared memory (the threaded wasm build). */
export function transposedLeftModuleBytes(shared = false): Uint8Array {
  const functions = TILE_ROWS.flatMap((r) =>
    TILE_COLUMNS.map((c) => ({ name: tileName(r, c), code: tileFunction(r, c) })),
  );
  // One type for all: (i32 × 8) -> ().
  const type = [0x60, ...leb128(PARAMS), ...Array<number>(PARAMS).fill(I32), 0];
  // Memory limits: minimum 0; a shared memory must also declare a maximum (all of wasm32's 4 GiB).
  const limits = shared ? [0x03, 0x00, ...leb128(65536)] : [0x00, 0x00];
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  return Uint8Array.from([
    ...header,
    ...section(1, [1, ...type]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...limits]),
    ...section(3, [...leb128(functions.length), ...functions.map(() => 0)]),
    ...section(7, [
      ...leb128(functions.length),
      ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...leb128(i)]),
    ]),
    ...section(10, [...leb128(functions.length), ...functions.flatMap((f) => f.code)]),
  ]);
}
