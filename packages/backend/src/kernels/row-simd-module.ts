/**
 * The bytes of a tiny WebAssembly module (SIMD and bulk memory) with the row loops of Sum,
 * UnsortedSegmentSum and GatherV2, working in a memory it imports as `env.memory` (the wasm
 * backend's heap, so tensors are read and written in place). Built here from opcodes, so no
 * compiler or binary file is needed.
 *
 * All addresses are byte offsets in the memory; counts and row lengths are in elements (4 bytes).
 *
 * - `sumRowsF32(src, rows, inner, dst)`: `dst[k] += src[r * inner + k]` for each row r in order,
 *   so every output is summed in the order of the rows: the same float32 additions, in the same
 *   order, as a plain loop (and as the stock kernel after its transpose).
 * - `scatterAddF32(src, ids, count, inner, dst, numSegments)` and `scatterAddI32(...)`:
 *   `dst[ids[i] * inner + k] += src[i * inner + k]`, skipping ids outside `[0, numSegments)`.
 * - `gatherRows(src, ids, count, rowBytes, dst)`: copies row `ids[i]` of `src` (`rowBytes` long)
 *   to row i of `dst` with `memory.copy`. Ids must already be in range.
 */

const I32 = 0x7f;

/** Signed LEB128, as `i32.const` encodes its operand. */
function sleb128(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Unsigned LEB128, as the binary format encodes sizes and counts. */
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

// memarg: alignment (log2) then offset.
const memarg = (align: number, offset = 0): number[] => [align, ...leb128(offset)];

const op = {
  get: (i: number) => [0x20, i],
  set: (i: number) => [0x21, i],
  const: (n: number) => [0x41, ...sleb128(n)],
  add: [0x6a],
  mul: [0x6c],
  and: [0x71],
  shl: [0x74],
  ltU: [0x49],
  geU: [0x4f],
  i32Load: [0x28, ...memarg(2)],
  i32Store: [0x36, ...memarg(2)],
  f32Load: [0x2a, ...memarg(2)],
  f32Store: [0x38, ...memarg(2)],
  f32Add: [0x92],
  brIf: (depth: number) => [0x0d, depth],
  br: (depth: number) => [0x0c, depth],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  // SIMD: prefix 0xfd, then the opcode as unsigned LEB128.
  v128Load: (offset: number) => [0xfd, 0x00, ...memarg(2, offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, ...memarg(2, offset)],
  f32x4Add: [0xfd, 0xe4, 0x01],
  i32x4Add: [0xfd, 0xae, 0x01],
  // Bulk memory: prefix 0xfc; memory index 0.
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],
};

/** `local += n` (an i32 local). */
const bump = (local: number, n: number[]): number[] => [
  ...op.get(local),
  ...n,
  ...op.add,
  ...op.set(local),
];

/** `while (!(get(a) >=u get(b))) { body }`. */
function whileBelow(a: number, b: number, body: number[]): number[] {
  return [
    ...op.block,
    ...op.loop,
    ...op.get(a),
    ...op.get(b),
    ...op.geU,
    ...op.brIf(1),
    ...body,
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

type Lanes = 'f32' | 'i32';

/**
 * Adds `bytes` bytes of values at address `s` into address `d` (locals, both advanced past the
 * row). 64 bytes (4 vectors) a step, then single vectors, then single values. `stop` and `stop4`
 * are scratch locals.
 */
function addRow(lanes: Lanes, d: number, s: number, bytes: number, stop: number): number[] {
  const vectorAdd = lanes === 'f32' ? op.f32x4Add : op.i32x4Add;
  const vector = (offset: number) => [
    ...op.get(d),
    ...op.get(d),
    ...op.v128Load(offset),
    ...op.get(s),
    ...op.v128Load(offset),
    ...vectorAdd,
    ...op.v128Store(offset),
  ];
  const scalar =
    lanes === 'f32'
      ? [...op.get(d), ...op.get(d), ...op.f32Load, ...op.get(s), ...op.f32Load, ...op.f32Add]
      : [...op.get(d), ...op.get(d), ...op.i32Load, ...op.get(s), ...op.i32Load, ...op.add];
  const store = lanes === 'f32' ? op.f32Store : op.i32Store;
  // stop = d + bytes rounded down to a multiple of `step`
  const stopAt = (step: number) => [
    ...op.get(d),
    ...op.get(bytes),
    ...op.const(-step),
    ...op.and,
    ...op.add,
    ...op.set(stop),
  ];
  const advance = (n: number) => [...bump(d, op.const(n)), ...bump(s, op.const(n))];
  return [
    ...stopAt(64),
    ...whileBelow(d, stop, [
      ...vector(0),
      ...vector(16),
      ...vector(32),
      ...vector(48),
      ...advance(64),
    ]),
    // What is left of the row is under 64 bytes; offsets are from the row's start again.
    ...op.get(bytes),
    ...op.const(63),
    ...op.and,
    ...op.set(bytes),
    ...stopAt(16),
    ...whileBelow(d, stop, [...vector(0), ...advance(16)]),
    ...op.get(bytes),
    ...op.const(15),
    ...op.and,
    ...op.get(d),
    ...op.add,
    ...op.set(stop),
    ...whileBelow(d, stop, [...scalar, ...store, ...advance(4)]),
  ];
}

interface FunctionDef {
  name: string;
  params: number;
  /** i32 locals after the parameters (at least one). */
  locals: number;
  body: number[];
}

/** sumRowsF32(src, rows, inner, dst). */
function sumRows(): FunctionDef {
  const [SRC, ROWS, INNER, DST, ROW_BYTES, END, D, S, BYTES, STOP] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const body = [
    ...op.get(INNER),
    ...op.const(2),
    ...op.shl,
    ...op.set(ROW_BYTES),
    // end = src + rows * rowBytes
    ...op.get(SRC),
    ...op.get(ROWS),
    ...op.get(ROW_BYTES),
    ...op.mul,
    ...op.add,
    ...op.set(END),
    ...whileBelow(SRC, END, [
      ...op.get(DST),
      ...op.set(D),
      ...op.get(SRC),
      ...op.set(S),
      ...op.get(ROW_BYTES),
      ...op.set(BYTES),
      ...addRow('f32', D, S, BYTES, STOP),
      ...bump(SRC, op.get(ROW_BYTES)),
    ]),
  ];
  return { name: 'sumRowsF32', params: 4, locals: 6, body };
}

/** scatterAdd{F32,I32}(src, ids, count, inner, dst, numSegments). */
function scatterAdd(lanes: Lanes): FunctionDef {
  const [SRC, IDS, COUNT, INNER, DST, SEGMENTS] = [0, 1, 2, 3, 4, 5];
  const [ROW_BYTES, END, SEGMENT, D, S, BYTES, STOP] = [6, 7, 8, 9, 10, 11, 12];
  const body = [
    ...op.get(INNER),
    ...op.const(2),
    ...op.shl,
    ...op.set(ROW_BYTES),
    ...op.get(IDS),
    ...op.get(COUNT),
    ...op.const(2),
    ...op.shl,
    ...op.add,
    ...op.set(END),
    ...whileBelow(IDS, END, [
      ...op.get(IDS),
      ...op.i32Load,
      ...op.set(SEGMENT),
      // Unsigned comparison: a negative id is a huge unsigned one, so it is skipped too.
      ...op.get(SEGMENT),
      ...op.get(SEGMENTS),
      ...op.ltU,
      ...op.if,
      ...op.get(DST),
      ...op.get(SEGMENT),
      ...op.get(ROW_BYTES),
      ...op.mul,
      ...op.add,
      ...op.set(D),
      ...op.get(SRC),
      ...op.set(S),
      ...op.get(ROW_BYTES),
      ...op.set(BYTES),
      ...addRow(lanes, D, S, BYTES, STOP),
      ...op.end,
      ...bump(SRC, op.get(ROW_BYTES)),
      ...bump(IDS, op.const(4)),
    ]),
  ];
  return { name: lanes === 'f32' ? 'scatterAddF32' : 'scatterAddI32', params: 6, locals: 7, body };
}

/** gatherRows(src, ids, count, rowBytes, dst). */
function gatherRows(): FunctionDef {
  const [SRC, IDS, COUNT, ROW_BYTES, DST, END] = [0, 1, 2, 3, 4, 5];
  const body = [
    ...op.get(IDS),
    ...op.get(COUNT),
    ...op.const(2),
    ...op.shl,
    ...op.add,
    ...op.set(END),
    ...whileBelow(IDS, END, [
      // memory.copy(dst, src + ids[i] * rowBytes, rowBytes)
      ...op.get(DST),
      ...op.get(SRC),
      ...op.get(IDS),
      ...op.i32Load,
      ...op.get(ROW_BYTES),
      ...op.mul,
      ...op.add,
      ...op.get(ROW_BYTES),
      ...op.memoryCopy,
      ...bump(DST, op.get(ROW_BYTES)),
      ...bump(IDS, op.const(4)),
    ]),
  ];
  return { name: 'gatherRows', params: 5, locals: 1, body };
}

const bytesOf = (s: string): number[] => [
  ...leb128(s.length),
  ...Array.from(s, (c) => c.charCodeAt(0)),
];
const section = (id: number, content: number[]): number[] => [
  id,
  ...leb128(content.length),
  ...content,
];
const vector = (items: number[][]): number[] => [...leb128(items.length), ...items.flat()];

/** Names of the module's exports, all `(i32...) -> ()`. */
export const ROW_SIMD_EXPORTS = [
  'sumRowsF32',
  'scatterAddF32',
  'scatterAddI32',
  'gatherRows',
] as const;

/**
 * The module's bytes. `shared`: import a shared memory (the heap of tfjs-backend-wasm's threaded
 * build); an import must match the memory's kind.
 */
export function rowSimdModuleBytes(shared = false): Uint8Array {
  const functions = [sumRows(), scatterAdd('f32'), scatterAdd('i32'), gatherRows()];
  // One type per function: (i32 x params) -> ().
  const types = section(
    1,
    vector(
      functions.map((f) => [0x60, ...leb128(f.params), ...Array<number>(f.params).fill(I32), 0]),
    ),
  );
  // Limits: a shared memory must declare a maximum; 65536 pages (4 GiB) admits any.
  const limits = shared ? [0x03, 0x00, ...leb128(65536)] : [0x00, 0x00];
  const memoryImport = section(2, [1, ...bytesOf('env'), ...bytesOf('memory'), 0x02, ...limits]);
  const declarations = section(3, vector(functions.map((_, i) => leb128(i))));
  const exports = section(
    7,
    vector(functions.map((f, i) => [...bytesOf(f.name), 0x00, ...leb128(i)])),
  );
  const code = section(
    10,
    vector(
      functions.map((f) => {
        const body = [1, ...leb128(f.locals), I32, ...f.body, ...op.end];
        return [...leb128(body.length), ...body];
      }),
    ),
  );
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  return Uint8Array.from([
    ...header,
    ...types,
    ...memoryImport,
    ...declarations,
    ...exports,
    ...code,
  ]);
}
