import { type Code, signed, unsigned } from './encoding';

/**
 * Memory immediate: alignment hint (log2 of bytes), then offset. The default hint is 4 bytes, what
 * float32 and int32 arrays are guaranteed; a hint is only a promise, and any address still works.
 */
const memarg = (offset: number, align: number): Code => [...unsigned(align), ...unsigned(offset)];

/** A SIMD instruction: prefix 0xfd, then the opcode as unsigned LEB128, then its immediates. */
const simd = (opcode: number, ...immediates: number[]): Code => [
  0xfd,
  ...unsigned(opcode),
  ...immediates,
];

const simdMemory =
  (opcode: number) =>
  (offset = 0, align = 2): Code =>
    simd(opcode, ...memarg(offset, align));

/** A lane store: memory immediate, then the lane. */
const simdLane =
  (opcode: number) =>
  (offset = 0, lane = 0, align = 2): Code =>
    simd(opcode, ...memarg(offset, align), lane);

/**
 * The instructions the project's modules use, by their text-format names (camel case). Each
 * value is the instruction's bytes, or a function of its immediates returning them; operands come
 * from the stack, so code is written in stack order.
 */
export const op = {
  // Control. Blocks, loops and ifs here take no values and leave none (block type 0x40).
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number): Code => [0x0c, ...unsigned(depth)],
  brIf: (depth: number): Code => [0x0d, ...unsigned(depth)],
  /** Calls the module's function `index` (its place in the module's list of functions). */
  call: (index: number): Code => [0x10, ...unsigned(index)],

  // Locals.
  localGet: (index: number): Code => [0x20, ...unsigned(index)],
  localSet: (index: number): Code => [0x21, ...unsigned(index)],

  // Scalar memory access.
  i32Load: (offset = 0, align = 2): Code => [0x28, ...memarg(offset, align)],
  f32Load: (offset = 0, align = 2): Code => [0x2a, ...memarg(offset, align)],
  i32Store: (offset = 0, align = 2): Code => [0x36, ...memarg(offset, align)],
  f32Store: (offset = 0, align = 2): Code => [0x38, ...memarg(offset, align)],
  // memory.copy (bulk memory) within memory 0: (destination, source, bytes).
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],

  // i32 and f32.
  i32Const: (n: number): Code => [0x41, ...signed(n)],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  f32Add: [0x92],

  // SIMD memory access. The *Zero loads fill the low lanes and zero the rest; the lane stores
  // write one lane.
  v128Load: simdMemory(0x00),
  v128Load32Splat: simdMemory(0x09),
  v128Store: simdMemory(0x0b),
  v128Load32Zero: simdMemory(0x5c),
  v128Load64Zero: simdMemory(0x5d),
  v128Store32Lane: simdLane(0x5a),
  v128Store64Lane: simdLane(0x5b),

  // SIMD values.
  /** A constant of 16 bytes, little-endian lanes. */
  v128Const: (bytes: ArrayLike<number>): Code => {
    if (bytes.length !== 16) throw new RangeError(`v128.const takes 16 bytes, not ${bytes.length}`);
    return simd(0x0c, ...Array.from(bytes));
  },
  f32x4Splat: simd(0x13),
  f32x4Lt: simd(0x43),
  f32x4Gt: simd(0x44),
  v128And: simd(0x4e),
  i32x4Shl: simd(0xab),
  i32x4Add: simd(0xae),
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  // pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a: one machine instruction each,
  // unlike min and max with their NaN and signed-zero fix-ups (not needed here, so not listed).
  f32x4Pmin: simd(0xea),
  f32x4Pmax: simd(0xeb),
  // Relaxed SIMD (a later WebAssembly feature; a module using it fails to compile where it is
  // missing, e.g. Node.js 20 without --experimental-wasm-relaxed-simd). relaxed_madd(a, b, c) is
  // a·b + c, fused (one rounding) or not, as the machine does it.
  f32x4RelaxedMadd: simd(0x105),
};

// ---- Structured helpers, for code written as expressions ----

/** `local = value` */
export const assign = (local: number, value: Code): Code => [...value, ...op.localSet(local)];

/** `local += value` for an i32 local. */
export const increment = (local: number, value: Code): Code => [
  ...op.localGet(local),
  ...value,
  ...op.i32Add,
  ...op.localSet(local),
];

/** `while (!exit) { body }`: `exit` leaves an i32 on the stack, checked before every pass. */
export const loopUntil = (exit: Code, body: Code): Code => [
  ...op.block,
  ...op.loop,
  ...exit,
  ...op.brIf(1),
  ...body,
  ...op.br(0),
  ...op.end,
  ...op.end,
];

/** `while (local != 0) { body }`: a count-down loop over an i32 local that the body decrements. */
export const whileNonZero = (local: number, body: Code): Code =>
  loopUntil([...op.localGet(local), ...op.i32Eqz], body);

/** The float32 at `address + offset` bytes in all four lanes of a v128. */
export const loadSplat = (address: Code, offset: number): Code => [
  ...address,
  ...op.v128Load32Splat(offset),
];

/**
 * Loads and stores of `floats` float32s (4, 2 or 1) in the low lanes of a v128, at `offset` bytes
 * past the address: whole vectors, then what is left of a row without touching memory past it.
 */
export interface FloatAccess {
  floats: 4 | 2 | 1;
  load(address: Code, offset: number): Code;
  store(address: Code, value: Code, offset: number): Code;
}

export const floatAccess: Readonly<Record<4 | 2 | 1, FloatAccess>> = {
  4: {
    floats: 4,
    load: (address, offset) => [...address, ...op.v128Load(offset)],
    store: (address, value, offset) => [...address, ...value, ...op.v128Store(offset)],
  },
  2: {
    floats: 2,
    load: (address, offset) => [...address, ...op.v128Load64Zero(offset)],
    store: (address, value, offset) => [...address, ...value, ...op.v128Store64Lane(offset, 0)],
  },
  1: {
    floats: 1,
    load: (address, offset) => [...address, ...op.v128Load32Zero(offset)],
    store: (address, value, offset) => [...address, ...value, ...op.v128Store32Lane(offset, 0)],
  },
};
