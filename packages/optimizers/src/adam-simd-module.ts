/**
 * The bytes of a tiny WebAssembly module (SIMD) that runs the dense Adam step over float32 arrays
 * in a memory it imports as `env.memory`. Built here from opcodes, so no compiler or binary file is
 * needed. WebAssembly's f32x4 add, mul, div and sqrt are IEEE-754 float32 operations with correct
 * rounding, so in tfjs Adam's order of operations they give bit-for-bit tfjs's results.
 *
 * Export `adam(value, gradient, m, v, newValue, newM, newV, count,
 *              beta1, beta2, oneMinusBeta1, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2,
 *              epsilon, negLearningRate)`: the first seven are byte offsets in the memory, `count`
 * is the number of elements, a multiple of 4 (the caller does the rest).
 */

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

// Locals after the 16 parameters (8 i32 then 8 f32).
const OFFSET = 16;
const END = 17;
const SPLATS = 18; // 8 v128 splats of the f32 parameters 8..15, in order
const G = 26;
const M = 27;
const V = 28;

const op = {
  localGet: (i: number) => [0x20, i],
  localSet: (i: number) => [0x21, i],
  i32Add: [0x6a],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  i32Const: (n: number) => [0x41, n],
  brIf: (depth: number) => [0x0d, depth],
  br: (depth: number) => [0x0c, depth],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  // SIMD: prefix 0xfd, then the opcode as unsigned LEB128; memarg = align (log2) and offset.
  v128Load: [0xfd, 0x00, 0x02, 0x00],
  v128Store: [0xfd, 0x0b, 0x02, 0x00],
  f32x4Splat: [0xfd, 0x13],
  f32x4Sqrt: [0xfd, 0xe3, 0x01],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
  f32x4Div: [0xfd, 0xe7, 0x01],
};

/** Address `base + offset` of parameter `base` (a byte offset) for this iteration. */
const at = (base: number): number[] => [...op.localGet(base), ...op.localGet(OFFSET), ...op.i32Add];
const splat = (k: number): number[] => op.localGet(SPLATS + k);
const [B1, B2, OMB1, OMB2, OMAB1, OMAB2, EPS, NEG_LR] = [0, 1, 2, 3, 4, 5, 6, 7].map(splat) as [
  number[],
  number[],
  number[],
  number[],
  number[],
  number[],
  number[],
  number[],
];

function functionBody(): number[] {
  const prologue = [
    // end = count << 2 (bytes)
    ...op.localGet(7),
    ...op.i32Const(2),
    ...op.i32Shl,
    ...op.localSet(END),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((k) => [
      ...op.localGet(8 + k),
      ...op.f32x4Splat,
      ...op.localSet(SPLATS + k),
    ]),
  ];
  const step = [
    ...at(1),
    ...op.v128Load,
    ...op.localSet(G),
    // m' = m * beta1 + g * (1 - beta1)
    ...at(2),
    ...op.v128Load,
    ...B1,
    ...op.f32x4Mul,
    ...op.localGet(G),
    ...OMB1,
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...op.localSet(M),
    // v' = v * beta2 + (g * g) * (1 - beta2)
    ...at(3),
    ...op.v128Load,
    ...B2,
    ...op.f32x4Mul,
    ...op.localGet(G),
    ...op.localGet(G),
    ...op.f32x4Mul,
    ...OMB2,
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...op.localSet(V),
    ...at(5),
    ...op.localGet(M),
    ...op.v128Store,
    ...at(6),
    ...op.localGet(V),
    ...op.v128Store,
    // x' = (m' / (1 - beta1^t)) / (sqrt(v' / (1 - beta2^t)) + epsilon) * -lr + x
    ...at(4),
    ...op.localGet(M),
    ...OMAB1,
    ...op.f32x4Div,
    ...op.localGet(V),
    ...OMAB2,
    ...op.f32x4Div,
    ...op.f32x4Sqrt,
    ...EPS,
    ...op.f32x4Add,
    ...op.f32x4Div,
    ...NEG_LR,
    ...op.f32x4Mul,
    ...at(0),
    ...op.v128Load,
    ...op.f32x4Add,
    ...op.v128Store,
    // offset += 16
    ...op.localGet(OFFSET),
    ...op.i32Const(16),
    ...op.i32Add,
    ...op.localSet(OFFSET),
  ];
  const loop = [
    ...op.block,
    ...op.loop,
    ...op.localGet(OFFSET),
    ...op.localGet(END),
    ...op.i32GeU,
    ...op.brIf(1),
    ...step,
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  const locals = [2, 2, I32, 11, V128];
  return [...locals, ...prologue, ...loop, ...op.end];
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

const bytesOf = (s: string): number[] => [
  ...leb128(s.length),
  ...Array.from(s, (c) => c.charCodeAt(0)),
];
const section = (id: number, content: number[]): number[] => [
  id,
  ...leb128(content.length),
  ...content,
];

/** The module's bytes. */
export function adamSimdModuleBytes(): Uint8Array {
  const params = [...Array<number>(8).fill(I32), ...Array<number>(8).fill(F32)];
  const type = section(1, [1, 0x60, params.length, ...params, 0]);
  const memoryImport = section(2, [1, ...bytesOf('env'), ...bytesOf('memory'), 0x02, 0x00, 0x00]);
  const functions = section(3, [1, 0]);
  const exports = section(7, [1, ...bytesOf('adam'), 0x00, 0]);
  const body = functionBody();
  const code = section(10, [1, ...leb128(body.length), ...body]);
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  return Uint8Array.from([...header, ...type, ...memoryImport, ...functions, ...exports, ...code]);
}
