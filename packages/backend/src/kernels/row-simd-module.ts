/**
 * The bytes of a tiny WebAssembly module (SIMD and bulk memory) with the row loops of Sum,
 * UnsortedSegmentSum and GatherV2, working in a memory it imports as `env.memory` (the wasm
 * backend's heap, so tensors are read and written in place). Assembled from opcodes
 * (@srnn/wasm-assembler), so no compiler or binary file is needed.
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

import {
  assembleModule,
  type Code,
  type FunctionSpec,
  I32,
  increment,
  loopUntil,
  op,
  type ValueType,
} from '@srnn/wasm-assembler';

/** `while (!(get(a) >=u get(b))) { body }`. */
const whileBelow = (a: number, b: number, body: Code): Code =>
  loopUntil([...op.localGet(a), ...op.localGet(b), ...op.i32GeU], body);

type Lanes = 'f32' | 'i32';

/**
 * Adds `bytes` bytes of values at address `s` into address `d` (locals, both advanced past the
 * row). 64 bytes (4 vectors) a step, then single vectors, then single values. `stop` is a scratch
 * local.
 */
function addRow(lanes: Lanes, d: number, s: number, bytes: number, stop: number): Code {
  const vectorAdd = lanes === 'f32' ? op.f32x4Add : op.i32x4Add;
  const vector = (offset: number) => [
    ...op.localGet(d),
    ...op.localGet(d),
    ...op.v128Load(offset),
    ...op.localGet(s),
    ...op.v128Load(offset),
    ...vectorAdd,
    ...op.v128Store(offset),
  ];
  const scalarLoad = lanes === 'f32' ? op.f32Load() : op.i32Load();
  const scalarAdd = lanes === 'f32' ? op.f32Add : op.i32Add;
  const scalar = [
    ...op.localGet(d),
    ...op.localGet(d),
    ...scalarLoad,
    ...op.localGet(s),
    ...scalarLoad,
    ...scalarAdd,
  ];
  const store = lanes === 'f32' ? op.f32Store() : op.i32Store();
  // stop = d + bytes rounded down to a multiple of `step`
  const stopAt = (step: number) => [
    ...op.localGet(d),
    ...op.localGet(bytes),
    ...op.i32Const(-step),
    ...op.i32And,
    ...op.i32Add,
    ...op.localSet(stop),
  ];
  const advance = (n: number) => [...increment(d, op.i32Const(n)), ...increment(s, op.i32Const(n))];
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
    ...op.localGet(bytes),
    ...op.i32Const(63),
    ...op.i32And,
    ...op.localSet(bytes),
    ...stopAt(16),
    ...whileBelow(d, stop, [...vector(0), ...advance(16)]),
    ...op.localGet(bytes),
    ...op.i32Const(15),
    ...op.i32And,
    ...op.localGet(d),
    ...op.i32Add,
    ...op.localSet(stop),
    ...whileBelow(d, stop, [...scalar, ...store, ...advance(4)]),
  ];
}

/** `n` i32s: every parameter and local here is an address, a count or a length. */
const i32s = (n: number): ValueType[] => Array<ValueType>(n).fill(I32);

/** local `target` = local `elements` x 4: a count of float32 or int32 elements in bytes. */
function setBytes(target: number, elements: number): Code {
  return [...op.localGet(elements), ...op.i32Const(2), ...op.i32Shl, ...op.localSet(target)];
}

/** local `end` = local `start` + local `count` x `stride`: the address past `count` records. */
function setEnd(end: number, start: number, count: number, stride: Code): Code {
  return [
    ...op.localGet(start),
    ...op.localGet(count),
    ...stride,
    ...op.i32Mul,
    ...op.i32Add,
    ...op.localSet(end),
  ];
}

/** sumRowsF32(src, rows, inner, dst). */
function sumRows(): FunctionSpec {
  const [SRC, ROWS, INNER, DST, ROW_BYTES, END, D, S, BYTES, STOP] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const body = [
    ...setBytes(ROW_BYTES, INNER),
    ...setEnd(END, SRC, ROWS, op.localGet(ROW_BYTES)),
    ...whileBelow(SRC, END, [
      ...op.localGet(DST),
      ...op.localSet(D),
      ...op.localGet(SRC),
      ...op.localSet(S),
      ...op.localGet(ROW_BYTES),
      ...op.localSet(BYTES),
      ...addRow('f32', D, S, BYTES, STOP),
      ...increment(SRC, op.localGet(ROW_BYTES)),
    ]),
  ];
  return { name: 'sumRowsF32', params: i32s(4), locals: i32s(6), body };
}

/** scatterAdd{F32,I32}(src, ids, count, inner, dst, numSegments). */
function scatterAdd(lanes: Lanes): FunctionSpec {
  const [SRC, IDS, COUNT, INNER, DST, SEGMENTS] = [0, 1, 2, 3, 4, 5];
  const [ROW_BYTES, END, SEGMENT, D, S, BYTES, STOP] = [6, 7, 8, 9, 10, 11, 12];
  const body = [
    ...setBytes(ROW_BYTES, INNER),
    ...setEnd(END, IDS, COUNT, op.i32Const(4)),
    ...whileBelow(IDS, END, [
      ...op.localGet(IDS),
      ...op.i32Load(),
      ...op.localSet(SEGMENT),
      // Unsigned comparison: a negative id is a huge unsigned one, so it is skipped too.
      ...op.localGet(SEGMENT),
      ...op.localGet(SEGMENTS),
      ...op.i32LtU,
      ...op.if,
      ...op.localGet(DST),
      ...op.localGet(SEGMENT),
      ...op.localGet(ROW_BYTES),
      ...op.i32Mul,
      ...op.i32Add,
      ...op.localSet(D),
      ...op.localGet(SRC),
      ...op.localSet(S),
      ...op.localGet(ROW_BYTES),
      ...op.localSet(BYTES),
      ...addRow(lanes, D, S, BYTES, STOP),
      ...op.end,
      ...increment(SRC, op.localGet(ROW_BYTES)),
      ...increment(IDS, op.i32Const(4)),
    ]),
  ];
  return {
    name: lanes === 'f32' ? 'scatterAddF32' : 'scatterAddI32',
    params: i32s(6),
    locals: i32s(7),
    body,
  };
}

/** gatherRows(src, ids, count, rowBytes, dst). */
function gatherRows(): FunctionSpec {
  const [SRC, IDS, COUNT, ROW_BYTES, DST, END] = [0, 1, 2, 3, 4, 5];
  const body = [
    ...setEnd(END, IDS, COUNT, op.i32Const(4)),
    ...whileBelow(IDS, END, [
      // memory.copy(dst, src + ids[i] * rowBytes, rowBytes)
      ...op.localGet(DST),
      ...op.localGet(SRC),
      ...op.localGet(IDS),
      ...op.i32Load(),
      ...op.localGet(ROW_BYTES),
      ...op.i32Mul,
      ...op.i32Add,
      ...op.localGet(ROW_BYTES),
      ...op.memoryCopy,
      ...increment(DST, op.localGet(ROW_BYTES)),
      ...increment(IDS, op.i32Const(4)),
    ]),
  ];
  return { name: 'gatherRows', params: i32s(5), locals: i32s(1), body };
}

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
  return assembleModule({
    sharedMemory: shared,
    functions: [sumRows(), scatterAdd('f32'), scatterAdd('i32'), gatherRows()],
  });
}
