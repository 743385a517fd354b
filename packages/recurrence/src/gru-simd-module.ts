/**
 * The bytes of a small SIMD WebAssembly module for the fused GRU: the element-wise work of each
 * forward and backward step, the per-step products A·B against a packed block of the recurrent
 * kernel, and tiles of the recurrent kernel's gradient AᵀB. It works in a
 * memory it imports as `env.memory` (the wasm backend's heap, so on the tensors in place) and is
 * assembled from opcodes (@srnn/wasm-assembler), so no compiler or binary file is needed.
 *
 * Element-wise functions take `(rows, cols, base₀, stride₀, base₁, stride₁, ...)`: a byte address
 * and a row stride in bytes per stream, in the order of the stage's `streams`; element (s, j) of a
 * stream is at `base + s * stride + 4 j`. A stride of 0 reads one row for every s. Each row runs
 * 8 floats at a time, then 4, 2 and 1 for what is left (in the low lanes of a vector, with the
 * same formulas), so any `cols` works and nothing past a row is read or written.
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
  loopUntil,
  op,
  V128,
  type ValueType,
  whileNonZero,
} from '@srnn/wasm-assembler';

/** A local's value. */
const $ = op.localGet;

/** The 16 bytes of `x` in each of four float32 or int32 lanes. */
function splatBytes(x: number, type: 'f32' | 'i32'): number[] {
  const lanes = type === 'f32' ? new Float32Array(4).fill(x) : new Int32Array(4).fill(x);
  return Array.from(new Uint8Array(lanes.buffer));
}

/** A function under construction: its parameters, extra locals and hoisted constants. */
class FunctionBuilder {
  private readonly locals: Locals;
  private readonly constants = new Map<string, number>();
  /** Set-up run once on entry, before the body. */
  private readonly prologue: Code = [];

  constructor(readonly params: number) {
    this.locals = new Locals(params);
  }

  local(type: ValueType = V128): number {
    return this.locals.add(type);
  }

  /**
   * x in every lane. Constants live in locals set on entry: V8 would otherwise rebuild a
   * v128.const from immediates at every use, inside the loops.
   */
  splat(x: number): Code {
    return this.hoisted(splatBytes(x, 'f32'));
  }

  splatInt(n: number): Code {
    return this.hoisted(splatBytes(n, 'i32'));
  }

  /** The finished function: all parameters i32, the prologue before `body`. */
  spec(name: string, body: Code): FunctionSpec {
    return {
      name,
      params: Array<ValueType>(this.params).fill(I32),
      locals: this.locals.types,
      body: [...this.prologue, ...body],
    };
  }

  private hoisted(bytes: number[]): Code {
    const key = bytes.join(',');
    let local = this.constants.get(key);
    if (local === undefined) {
      local = this.local(V128);
      this.constants.set(key, local);
      this.prologue.push(...op.v128Const(bytes), ...op.localSet(local));
    }
    return $(local);
  }
}

// ---- SIMD: f32x4 arithmetic and memory access ----

const binary =
  (opcode: Code) =>
  (a: Code, b: Code): Code => [...a, ...b, ...opcode];

/** Operands are code that leaves a v128 on the stack. */
const f32x4 = {
  add: binary(op.f32x4Add),
  sub: binary(op.f32x4Sub),
  mul: binary(op.f32x4Mul),
  div: binary(op.f32x4Div),
  // pmin(a, b) = b < a ? b : a, pmax(a, b) = a < b ? b : a: one instruction each, unlike min and
  // max with their NaN fix-ups; a NaN in `a` still passes through.
  min: binary(op.f32x4Pmin),
  max: binary(op.f32x4Pmax),
  lt: binary(op.f32x4Lt),
  gt: binary(op.f32x4Gt),
  and: binary(op.v128And),
  i32Add: binary(op.i32x4Add),
  i32Shl: (a: Code, bits: number): Code => [...a, ...op.i32Const(bits), ...op.i32x4Shl],
};

// ---- Activations ----

/**
 * exp(x) in float32 (Cephes' expf): x = n ln2 + r with |r| ≤ ln2 / 2, e^r = 1 + r + r² p(r) with
 * p of degree 5, times 2^n built in the exponent bits. Relative error about 2e-7; x is clamped to
 * [-87, 88], where 2^n stays a normal float (sigmoid and tanh are flat there anyway).
 */
function exp(fn: FunctionBuilder, x: Code): Code {
  const [v, t, n, r2] = [fn.local(), fn.local(), fn.local(), fn.local()];
  const c = (k: number) => fn.splat(k);
  const { add, sub, mul } = f32x4;
  // Adding 1.5 · 2^23 rounds to a whole number, left in the low bits of the float.
  const shift = 12582912;
  const linear = (k0: number, k1: number): Code => add(c(k0), mul($(v), c(k1)));
  // p(r) = (k0 + k1 r) + r² (k2 + k3 r) + r⁴ (k4 + k5 r): Estrin's scheme, a shorter chain of
  // dependent operations than Horner's (latency, not throughput, limits these loops).
  const p = add(
    add(linear(0.5, 1.6666665459e-1), mul($(r2), linear(4.1665795894e-2, 8.3334519073e-3))),
    mul(mul($(r2), $(r2)), linear(1.3981999507e-3, 1.98756915e-4)),
  );
  return [
    ...assign(v, f32x4.min(f32x4.max(x, c(-87)), c(88))),
    ...assign(t, add(mul($(v), c(Math.LOG2E)), c(shift))),
    ...assign(n, sub($(t), c(shift))),
    // r = x - n ln2, with ln2 split in two so that n · 0.693359375 is exact.
    ...assign(v, sub(sub($(v), mul($(n), c(0.693359375))), mul($(n), c(-2.1219444e-4)))),
    ...assign(r2, mul($(v), $(v))),
    // (1 + r + r² p(r)) · 2^n, 2^n being (bits(t) + 127) << 23: the shift's own bits drop out.
    ...mul(
      add(add($(v), c(1)), mul($(r2), p)),
      f32x4.i32Shl(f32x4.i32Add($(t), fn.splatInt(127)), 23),
    ),
  ];
}

const sigmoid = (fn: FunctionBuilder, x: Code): Code =>
  f32x4.div(fn.splat(1), f32x4.add(fn.splat(1), exp(fn, f32x4.sub(fn.splat(0), x))));

/** 1 - 2 / (1 + e^{2x}): absolute error about 2e-7, and ±1 without overflow for large |x|. */
const tanh = (fn: FunctionBuilder, x: Code): Code =>
  f32x4.sub(
    fn.splat(1),
    f32x4.div(fn.splat(2), f32x4.add(fn.splat(1), exp(fn, f32x4.mul(x, fn.splat(2))))),
  );

/** The gate activation: tfjs-layers' hard sigmoid clip(0.2 x + 0.5, 0, 1), or the sigmoid. */
const gate = (fn: FunctionBuilder, x: Code, hard: boolean): Code => {
  if (!hard) return sigmoid(fn, x);
  const { add, mul, min, max } = f32x4;
  return min(max(add(mul(x, fn.splat(0.2)), fn.splat(0.5)), fn.splat(0)), fn.splat(1));
};

/** d gate / d x from the output y (a local's value): 0.2 inside the clip (lane masks), or y (1 - y). */
const gateDerivative = (fn: FunctionBuilder, y: Code, hard: boolean): Code => {
  const { and, gt, lt, mul, sub } = f32x4;
  return hard
    ? and(and(gt(y, fn.splat(0)), lt(y, fn.splat(1))), fn.splat(0.2))
    : mul(y, sub(fn.splat(1), y));
};

const candidate = (fn: FunctionBuilder, x: Code, tanhActivation: boolean): Code =>
  tanhActivation ? tanh(fn, x) : x;

/** d candidate / d x from the output c (a local's value): 1 - c² for tanh; null for linear (1). */
const candidateDerivative = (fn: FunctionBuilder, c: Code, tanhActivation: boolean): Code | null =>
  tanhActivation ? f32x4.sub(fn.splat(1), f32x4.mul(c, c)) : null;

// ---- Element-wise stages ----

/** Per-element code: loads and stores by stream name. */
export interface Streams<N extends string> {
  load(name: N): Code;
  store(name: N, value: Code): Code;
}

/** An element-wise function over rows of named streams (its parameters, in this order). */
export interface ElementwiseStage<N extends string = string> {
  name: string;
  streams: readonly N[];
  body(fn: FunctionBuilder, io: Streams<N>): Code;
}

const stage = <N extends string>(
  name: string,
  streams: readonly N[],
  body: (fn: FunctionBuilder, io: Streams<N>) => Code,
): ElementwiseStage<N> => ({ name, streams, body });

/**
 * Forward, gates: z | r = gate(recurrent + projection), and the reset state r · h_{t-1}, the left
 * operand of the candidate product.
 */
const forwardGates = (hard: boolean) =>
  stage(
    `forwardGates_${hard ? 'hard' : 'sigmoid'}`,
    ['zIn', 'rIn', 'zProjection', 'rProjection', 'previous', 'zOut', 'rOut', 'resetState'],
    (fn, io) => {
      const r = fn.local();
      const { add, mul } = f32x4;
      return [
        ...io.store('zOut', gate(fn, add(io.load('zIn'), io.load('zProjection')), hard)),
        ...assign(r, gate(fn, add(io.load('rIn'), io.load('rProjection')), hard)),
        ...io.store('rOut', $(r)),
        ...io.store('resetState', mul($(r), io.load('previous'))),
      ];
    },
  );

/**
 * Forward, state: c = act(recurrent + projection), h = c + z (h_{t-1} - c), stored twice (the
 * saved states, and the next step's h_{t-1}, so no copy is needed).
 */
const forwardState = (tanhActivation: boolean) =>
  stage(
    `forwardState_${tanhActivation ? 'tanh' : 'linear'}`,
    ['candidateIn', 'candidateProjection', 'z', 'previous', 'candidateOut', 'state', 'stateCopy'],
    (fn, io) => {
      const [c, h] = [fn.local(), fn.local()];
      const { add, mul, sub } = f32x4;
      const x = add(io.load('candidateIn'), io.load('candidateProjection'));
      return [
        ...assign(c, candidate(fn, x, tanhActivation)),
        ...io.store('candidateOut', $(c)),
        ...assign(h, add($(c), mul(io.load('z'), sub(io.load('previous'), $(c))))),
        ...io.store('state', $(h)),
        ...io.store('stateCopy', $(h)),
      ];
    },
  );

/**
 * Backward, first half of a step: with dh = carried + fromGates, the candidate's and the update
 * gate's pre-activation gradients (each stored twice: the product's operand and the projection
 * gradient), r · h_{t-1} for the kernel gradient, and dh · z, the part of dh_{t-1} through z.
 */
const backwardUpdate = (tanhActivation: boolean, hard: boolean) =>
  stage(
    `backwardUpdate_${tanhActivation ? 'tanh' : 'linear'}_${hard ? 'hard' : 'sigmoid'}`,
    [
      'z',
      'r',
      'candidate',
      'previous',
      'carried',
      'fromGates',
      'candidateGradient',
      'candidateProjectionGradient',
      'updateGradient',
      'updateProjectionGradient',
      'resetState',
      'carriedOut',
    ],
    (fn, io) => {
      const [z, c, h, dh, dc, dz] = [
        fn.local(),
        fn.local(),
        fn.local(),
        fn.local(),
        fn.local(),
        fn.local(),
      ];
      const { add, mul, sub } = f32x4;
      const dhTimesOneMinusZ = mul($(dh), sub(fn.splat(1), $(z)));
      const derivative = candidateDerivative(fn, $(c), tanhActivation);
      return [
        ...assign(z, io.load('z')),
        ...assign(c, io.load('candidate')),
        ...assign(h, io.load('previous')),
        ...assign(dh, add(io.load('carried'), io.load('fromGates'))),
        ...assign(dc, derivative ? mul(dhTimesOneMinusZ, derivative) : dhTimesOneMinusZ),
        ...assign(dz, mul(mul($(dh), sub($(h), $(c))), gateDerivative(fn, $(z), hard))),
        ...io.store('candidateGradient', $(dc)),
        ...io.store('candidateProjectionGradient', $(dc)),
        ...io.store('updateGradient', $(dz)),
        ...io.store('updateProjectionGradient', $(dz)),
        ...io.store('resetState', mul(io.load('r'), $(h))),
        ...io.store('carriedOut', mul($(dh), $(z))),
      ];
    },
  );

/**
 * Backward, second half: from d(r · h_{t-1}) (the candidate product's output), the reset gate's
 * gradient (stored twice) and d(r · h_{t-1}) · r, its part of dh_{t-1}.
 */
const backwardReset = (hard: boolean) =>
  stage(
    `backwardReset_${hard ? 'hard' : 'sigmoid'}`,
    [
      'r',
      'previous',
      'resetStateGradient',
      'carried',
      'resetGradient',
      'resetProjectionGradient',
      'carriedOut',
    ],
    (fn, io) => {
      const [r, d, dr] = [fn.local(), fn.local(), fn.local()];
      const { add, mul } = f32x4;
      return [
        ...assign(r, io.load('r')),
        ...assign(d, io.load('resetStateGradient')),
        ...assign(dr, mul(mul($(d), io.load('previous')), gateDerivative(fn, $(r), hard))),
        ...io.store('resetGradient', $(dr)),
        ...io.store('resetProjectionGradient', $(dr)),
        ...io.store('carriedOut', add(io.load('carried'), mul($(d), $(r)))),
      ];
    },
  );

/** Every element-wise stage, one exported function each (the activations are baked in). */
export const STAGES = {
  forwardGates: { sigmoid: forwardGates(false), hard: forwardGates(true) },
  forwardState: { linear: forwardState(false), tanh: forwardState(true) },
  backwardUpdate: {
    linear_sigmoid: backwardUpdate(false, false),
    linear_hard: backwardUpdate(false, true),
    tanh_sigmoid: backwardUpdate(true, false),
    tanh_hard: backwardUpdate(true, true),
  },
  backwardReset: { sigmoid: backwardReset(false), hard: backwardReset(true) },
} as const;

/**
 * Passes over a row: floats per access and accesses per iteration. Two vectors per iteration
 * give the processor two independent chains of operations to overlap.
 */
const ROW_PASSES = [
  { access: floatAccess[4], copies: 2 },
  { access: floatAccess[4], copies: 1 },
  { access: floatAccess[2], copies: 1 },
  { access: floatAccess[1], copies: 1 },
] as const;

function elementwiseFunction(stage: ElementwiseStage): FunctionSpec {
  const fn = new FunctionBuilder(2 + 2 * stage.streams.length);
  const [rows, cols] = [0, 1];
  const base = (k: number) => 2 + 2 * k;
  const offset = fn.local(I32);
  const index = new Map(stage.streams.map((name, k) => [name, k]));
  const address = (name: string): Code => {
    const k = index.get(name);
    if (k === undefined) throw new Error(`stage ${stage.name} has no stream ${name}`);
    return [...$(base(k)), ...$(offset), ...op.i32Add];
  };
  const passes = ROW_PASSES.map(({ access, copies }) => {
    const floats = access.floats * copies;
    // This pass runs while offset < (cols rounded down to a multiple of `floats`) · 4 bytes.
    const end = fn.local(I32);
    const setEnd = assign(end, [
      ...$(cols),
      ...op.i32Const(-floats),
      ...op.i32And,
      ...op.i32Const(2),
      ...op.i32Shl,
    ]);
    const copy = (k: number): Code =>
      stage.body(fn, {
        load: (name) => access.load(address(name), 4 * access.floats * k),
        store: (name, value) => access.store(address(name), value, 4 * access.floats * k),
      });
    const loop = loopUntil(
      [...$(offset), ...$(end), ...op.i32GeU],
      [
        ...Array.from({ length: copies }, (_, k) => copy(k)).flat(),
        ...increment(offset, op.i32Const(4 * floats)),
      ],
    );
    return { setEnd, loop };
  });
  const body = [
    ...passes.flatMap((p) => p.setEnd),
    ...whileNonZero(rows, [
      ...assign(offset, op.i32Const(0)),
      ...passes.flatMap((p) => p.loop),
      ...stage.streams.flatMap((_, k) => increment(base(k), $(base(k) + 1))),
      ...increment(rows, op.i32Const(-1)),
    ]),
  ];
  return fn.spec(stage.name, body);
}

// ---- Product tiles ----

/** Rows of output per product tile, and columns per tile (up to two vectors). */
export const TILE_ROWS = [4, 2, 1] as const;
export const TILE_COLUMNS = [8, 4, 2, 1] as const;

export const productTileName = (tileRows: number, tileColumns: number): string =>
  `productTile_${tileRows}x${tileColumns}`;

/**
 * A tile of OUT[i, c] += Σ A[row, i] · B[row, c] (i < rows of the tile, c < its columns), rows
 * enumerated as `outerCount` × `innerCount` with a stride for each level, so a block of steps ×
 * sequences goes in one call whatever the layout. Parameters (bytes for addresses and strides):
 * `(out, outStride, a, aOuter, aInner, b, bOuter, bInner, outerCount, innerCount)`, with `out`,
 * `a` and `b` pointing at the tile's first element. The sums stay in registers over all rows.
 */
function productTileFunction(tileRows: number, tileColumns: number): FunctionSpec {
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
        assign(sum, f32x4.add($(sum), f32x4.mul($(aValues[i]!), $(bValues[k]!)))),
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

/**
 * Column panels of a right operand B[inner, cols] packed for {@link packedProductFunction}: as many
 * 8-column panels as fit, then one each of 4, 2 and 1 columns for what is left. A panel of width w
 * holds B's w columns as `inner` rows of w floats, one panel after the other.
 */
export function panelWidths(cols: number): number[] {
  const widths = Array<number>(Math.floor(cols / 8)).fill(8);
  for (const width of [4, 2, 1]) if ((cols % 8) & width) widths.push(width);
  return widths;
}

export const packedProductName = (tileRows: number, panelWidth: number): string =>
  `packedProduct_${tileRows}x${panelWidth}`;

/**
 * OUT = A · B for `rowBlocks` blocks of `tileRows` rows of A and `panels` consecutive packed
 * panels of B of width `panelWidth` (see {@link panelWidths}), each tile's sums in registers over
 * all `inner` terms, then stored. Parameters (bytes for addresses and strides):
 * `(out, outStride, a, aStride, b, inner, panels, rowBlocks)`, with `out` and `a` at the first
 * block's first row (and `out` at the first panel's column) and `b` at the first panel.
 *
 * Why not XNNPACK (tf.matMul): at the recurrence's sizes (50 or 100 terms per sum) these tiles
 * take about 0.7 of its time (this package's bench, third table), and B (a block of the recurrent
 * kernel) is the same for every step, so it is packed once per kernel call. Each sum adds its
 * terms in order, one float32 multiply and add at a time.
 */
function packedProductFunction(tileRows: number, panelWidth: number): FunctionSpec {
  const fn = new FunctionBuilder(8);
  const [out, outStride, a, aStride, b, inner, panels, rowBlocks] = [0, 1, 2, 3, 4, 5, 6, 7];
  const access = floatAccess[Math.min(panelWidth, 4) as 4 | 2 | 1];
  const vectors = Math.max(1, panelWidth / 4);
  const rowPointers = Array.from({ length: tileRows }, () => fn.local(I32));
  const [panel, panelsLeft, left, outRow, tileOut] = [
    fn.local(I32),
    fn.local(I32),
    fn.local(I32),
    fn.local(I32),
    fn.local(I32),
  ];
  const sums = Array.from({ length: tileRows }, () =>
    Array.from({ length: vectors }, () => fn.local()),
  );
  const bValues = Array.from({ length: vectors }, () => fn.local());
  const aValue = fn.local();
  const term = [
    ...bValues.flatMap((v, k) => assign(v, access.load($(panel), 16 * k))),
    ...sums.flatMap((line, i) => [
      ...assign(aValue, loadSplat($(rowPointers[i]!), 0)),
      ...line.flatMap((sum, k) =>
        assign(sum, f32x4.add($(sum), f32x4.mul($(aValue), $(bValues[k]!)))),
      ),
    ]),
    ...rowPointers.flatMap((pointer) => increment(pointer, op.i32Const(4))),
    ...increment(panel, op.i32Const(4 * panelWidth)),
    ...increment(left, op.i32Const(-1)),
  ];
  const tile = [
    ...sums.flat().flatMap((sum) => assign(sum, fn.splat(0))),
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
  const body = whileNonZero(rowBlocks, [
    ...assign(panel, $(b)),
    ...assign(tileOut, $(out)),
    ...assign(panelsLeft, $(panels)),
    ...whileNonZero(panelsLeft, tile),
    ...Array.from({ length: tileRows }, () => [
      ...increment(out, $(outStride)),
      ...increment(a, $(aStride)),
    ]).flat(),
    ...increment(rowBlocks, op.i32Const(-1)),
  ]);
  return fn.spec(packedProductName(tileRows, panelWidth), body);
}

// ---- The module ----

/** The module's bytes; `shared` for a backend whose heap is a shared memory (threads). */
export function gruSimdModuleBytes(shared = false): Uint8Array {
  const functions: FunctionSpec[] = [];
  for (const group of Object.values(STAGES)) {
    for (const stage of Object.values(group) as ElementwiseStage[]) {
      functions.push(elementwiseFunction(stage));
    }
  }
  for (const rows of TILE_ROWS) {
    for (const columns of TILE_COLUMNS) {
      functions.push(productTileFunction(rows, columns), packedProductFunction(rows, columns));
    }
  }
  return assembleModule({ sharedMemory: shared, functions });
}
