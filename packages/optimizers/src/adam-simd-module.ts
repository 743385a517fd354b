/**
 * The bytes of a tiny WebAssembly module (SIMD) that runs the dense Adam step over float32 arrays
 * in a memory it imports as `env.memory`. Assembled from opcodes (@srnn/wasm-assembler), so no
 * compiler or binary file is needed. WebAssembly's f32x4 add, mul, div and sqrt are IEEE-754
 * float32 operations with correct rounding, so in tfjs Adam's order of operations they give
 * bit-for-bit tfjs's results.
 *
 * Export `adam(value, gradient, m, v, newValue, newM, newV, count,
 *              beta1, beta2, oneMinusBeta1, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2,
 *              epsilon, negLearningRate)`: the first seven are byte offsets in the memory, `count`
 * is the number of elements, a multiple of 4 (the caller does the rest).
 */

import {
  assembleModule,
  type Code,
  F32,
  I32,
  increment,
  loopUntil,
  op,
  V128,
  type ValueType,
} from '@srnn/wasm-assembler';

// Locals after the 16 parameters (8 i32 then 8 f32).
const OFFSET = 16;
const END = 17;
const SPLATS = 18; // 8 v128 splats of the f32 parameters 8..15, in order
const G = 26;
const M = 27;
const V = 28;

/** Address `base + offset` of parameter `base` (a byte offset) for this iteration. */
const at = (base: number): Code => [...op.localGet(base), ...op.localGet(OFFSET), ...op.i32Add];
const splat = (k: number): Code => op.localGet(SPLATS + k);
const [B1, B2, OMB1, OMB2, OMAB1, OMAB2, EPS, NEG_LR] = [0, 1, 2, 3, 4, 5, 6, 7].map(splat) as [
  Code,
  Code,
  Code,
  Code,
  Code,
  Code,
  Code,
  Code,
];

function functionBody(): Code {
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
    ...op.v128Load(),
    ...op.localSet(G),
    // m' = m * beta1 + g * (1 - beta1)
    ...at(2),
    ...op.v128Load(),
    ...B1,
    ...op.f32x4Mul,
    ...op.localGet(G),
    ...OMB1,
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...op.localSet(M),
    // v' = v * beta2 + (g * g) * (1 - beta2)
    ...at(3),
    ...op.v128Load(),
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
    ...op.v128Store(),
    ...at(6),
    ...op.localGet(V),
    ...op.v128Store(),
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
    ...op.v128Load(),
    ...op.f32x4Add,
    ...op.v128Store(),
    // offset += 16
    ...increment(OFFSET, op.i32Const(16)),
  ];
  const loop = loopUntil([...op.localGet(OFFSET), ...op.localGet(END), ...op.i32GeU], step);
  return [...prologue, ...loop];
}

/** The module's bytes. */
export function adamSimdModuleBytes(): Uint8Array {
  return assembleModule({
    functions: [
      {
        name: 'adam',
        params: [...Array<ValueType>(8).fill(I32), ...Array<ValueType>(8).fill(F32)],
        // OFFSET and END, then the 8 splats, G, M and V.
        locals: [I32, I32, ...Array<ValueType>(11).fill(V128)],
        body: functionBody(),
      },
    ],
  });
}
