/**
 * Building blocks for a cell's SIMD stages: a function under construction (its locals and hoisted
 * constants), f32x4 arithmetic on code that leaves a v128 on the stack, and the activations in
 * float32 (sigmoid and tanh through Cephes' expf). A stage body combines these; the framework
 * wraps it in the row loops (see simd-stage.ts).
 */
import {
  type Code,
  type FunctionSpec,
  I32,
  Locals,
  op,
  V128,
  type ValueType,
  assign,
} from '@srnn/wasm-assembler';

/** A local's value. */
export const $ = op.localGet;
export { assign };

/** The 16 bytes of `x` in each of four float32 or int32 lanes. */
function splatBytes(x: number, type: 'f32' | 'i32'): number[] {
  const lanes = type === 'f32' ? new Float32Array(4).fill(x) : new Int32Array(4).fill(x);
  return Array.from(new Uint8Array(lanes.buffer));
}

/** A function under construction: its parameters, extra locals and hoisted constants. */
export class FunctionBuilder {
  private readonly locals: Locals;
  private readonly constants = new Map<string, number>();
  /** Set-up run once on entry, before the body. */
  private readonly prologue: Code = [];

  constructor(readonly params: number) {
    this.locals = new Locals(params);
  }

  /** A new local (a v128 unless said otherwise). */
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

const binary =
  (opcode: Code) =>
  (a: Code, b: Code): Code => [...a, ...b, ...opcode];

/** f32x4 arithmetic; operands are code that leaves a v128 on the stack. */
export const f32x4 = {
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

/**
 * exp(x) in float32 (Cephes' expf): x = n ln2 + r with |r| ≤ ln2 / 2, e^r = 1 + r + r² p(r) with
 * p of degree 5, times 2^n built in the exponent bits. Relative error about 2e-7; x is clamped to
 * [-87, 88], where 2^n stays a normal float (sigmoid and tanh are flat there anyway).
 */
export function exp(fn: FunctionBuilder, x: Code): Code {
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

/** 1 / (1 + e^-x): within 2e-7 of the exact value. */
export const sigmoid = (fn: FunctionBuilder, x: Code): Code =>
  f32x4.div(fn.splat(1), f32x4.add(fn.splat(1), exp(fn, f32x4.sub(fn.splat(0), x))));

/** 1 - 2 / (1 + e^{2x}): absolute error about 2e-7, and ±1 without overflow for large |x|. */
export const tanh = (fn: FunctionBuilder, x: Code): Code =>
  f32x4.sub(
    fn.splat(1),
    f32x4.div(fn.splat(2), f32x4.add(fn.splat(1), exp(fn, f32x4.mul(x, fn.splat(2))))),
  );

/** tfjs-layers' hard sigmoid, clip(0.2 x + 0.5, 0, 1). */
export const hardSigmoid = (fn: FunctionBuilder, x: Code): Code => {
  const { add, mul, min, max } = f32x4;
  return min(max(add(mul(x, fn.splat(0.2)), fn.splat(0.5)), fn.splat(0)), fn.splat(1));
};

/** The gate activation: the hard sigmoid when `hard`, else the sigmoid. */
export const gate = (fn: FunctionBuilder, x: Code, hard: boolean): Code =>
  hard ? hardSigmoid(fn, x) : sigmoid(fn, x);

/**
 * d gate / d x from the output y (a local's value): 0.2 inside the clip (lane masks; y = 0 or 1
 * counts as clipped), or y (1 - y) for the sigmoid.
 */
export const gateDerivative = (fn: FunctionBuilder, y: Code, hard: boolean): Code => {
  const { and, gt, lt, mul, sub } = f32x4;
  return hard
    ? and(and(gt(y, fn.splat(0)), lt(y, fn.splat(1))), fn.splat(0.2))
    : mul(y, sub(fn.splat(1), y));
};

/** d tanh / d x from the output y (a local's value): 1 - y². */
export const tanhDerivative = (fn: FunctionBuilder, y: Code): Code =>
  f32x4.sub(fn.splat(1), f32x4.mul(y, y));
