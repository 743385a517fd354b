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
 * is the number of elements, a multiple of 4 (the caller does the rest). The gradient is read as
 * `0 + g`, the value a scatter into zeros gives (a -0 becomes +0), so that a gradient given as rows
 * updates to the same bits as the dense gradient made of them; a dense gradient is unchanged by it.
 * Export `adamWithoutGradient(...)`, the same parameters: the update with a zero gradient (the rows
 * a row gradient leaves out), `gradient` unread.
 * Export `adamRows(value, rowValues, m, v, newValue, newM, newV, pairs, pairCount, count, width,
 *                  beta1, ..., negLearningRate)`: the update of all `count` elements with a gradient
 * given as rows of `width` floats (a multiple of 4): `pairs` holds `pairCount` pairs of i32 (the
 * byte offset of a given row in the variable, the byte offset of its gradient in `rowValues`) in
 * increasing order of the first; rows between given ones get adamWithoutGradient, given rows adam.
 */

import {
  assembleModule,
  type Code,
  F32,
  type FunctionSpec,
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
// Never written: a v128 local starts as zeros, i.e. four +0.0 floats.
const ZERO = 29;

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

function functionBody(withGradient: boolean): Code {
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
  // g = 0 + gradient (G stays zero without one).
  const loadGradient = withGradient
    ? [...op.localGet(ZERO), ...at(1), ...op.v128Load(), ...op.f32x4Add, ...op.localSet(G)]
    : [];
  const step = [
    ...loadGradient,
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

// adamRows: parameters 0..10 are i32 (value, rowValues, m, v, newValue, newM, newV, pairs,
// pairCount, count, width), 11..18 the f32 coefficients; then its locals.
const ROWS_PARAMS = {
  value: 0,
  rowValues: 1,
  pairs: 7,
  pairCount: 8,
  count: 9,
  width: 10,
};
const COEFFICIENTS = 11;
const K = 19;
const POS = 20;
const START = 21;
const ROW_AT = 22;
const ADAM = 0;
const ADAM_WITHOUT_GRADIENT = 1;

/** `call fn` with the seven arrays at byte `at` (the gradient at `gradientAt`) and `count` elements. */
function callOn(fn: number, at: Code, gradientAt: Code, count: Code): Code {
  const plus = (param: number): Code => [...op.localGet(param), ...at, ...op.i32Add];
  return [
    ...plus(0),
    ...gradientAt,
    ...plus(2),
    ...plus(3),
    ...plus(4),
    ...plus(5),
    ...plus(6),
    ...count,
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((k) => op.localGet(COEFFICIENTS + k)),
    ...op.call(fn),
  ];
}

function rowsBody(): Code {
  const p = ROWS_PARAMS;
  const rowBytes = [...op.localGet(p.width), ...op.i32Const(2), ...op.i32Shl];
  const pair = (offset: number): Code => [
    ...op.localGet(p.pairs),
    ...op.localGet(K),
    ...op.i32Const(3),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.i32Load(offset),
  ];
  // Elements from POS up to `endBytes`.
  const zeroRunTo = (endBytes: Code): Code =>
    callOn(ADAM_WITHOUT_GRADIENT, op.localGet(POS), op.i32Const(0), [
      ...endBytes,
      ...op.localGet(POS),
      ...op.i32Sub,
      ...op.i32Const(2),
      ...op.i32ShrU,
    ]);
  const step = [
    ...pair(0),
    ...op.localSet(START),
    ...pair(4),
    ...op.localSet(ROW_AT),
    ...zeroRunTo(op.localGet(START)),
    ...callOn(
      ADAM,
      op.localGet(START),
      [...op.localGet(p.rowValues), ...op.localGet(ROW_AT), ...op.i32Add],
      op.localGet(p.width),
    ),
    // POS = START + width * 4
    ...op.localGet(START),
    ...rowBytes,
    ...op.i32Add,
    ...op.localSet(POS),
    ...increment(K, op.i32Const(1)),
  ];
  return [
    ...loopUntil([...op.localGet(K), ...op.localGet(p.pairCount), ...op.i32GeU], step),
    ...zeroRunTo([...op.localGet(p.count), ...op.i32Const(2), ...op.i32Shl]),
  ];
}

/** The module's bytes. */
export function adamSimdModuleBytes(): Uint8Array {
  return assembleModule({
    functions: [
      { name: 'adam', withGradient: true },
      { name: 'adamWithoutGradient', withGradient: false },
    ]
      .map(({ name, withGradient }): FunctionSpec => ({
        name,
        params: [...Array<ValueType>(8).fill(I32), ...Array<ValueType>(8).fill(F32)],
        // OFFSET and END, then the 8 splats, G, M, V and ZERO.
        locals: [I32, I32, ...Array<ValueType>(12).fill(V128)],
        body: functionBody(withGradient),
      }))
      .concat({
        name: 'adamRows',
        params: [...Array<ValueType>(11).fill(I32), ...Array<ValueType>(8).fill(F32)],
        // K, POS, START, ROW_AT
        locals: [I32, I32, I32, I32] as ValueType[],
        body: rowsBody(),
      }),
  });
}
