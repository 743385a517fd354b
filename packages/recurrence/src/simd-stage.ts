/**
 * An element-wise SIMD stage: a body over named streams, wrapped by {@link elementwiseFunction} in
 * the row loops. The function takes `(rows, cols, base₀, stride₀, base₁, stride₁, ...)`: a byte
 * address and a row stride in bytes per stream, in the order of the stage's `streams`; element
 * (s, j) of a stream is at `base + s * stride + 4 j`. A stride of 0 reads one row for every s.
 * Each row runs 8 floats at a time, then 4, 2 and 1 for what is left (in the low lanes of a
 * vector, with the same formulas), so any `cols` works and nothing past a row is read or written.
 */
import {
  type Code,
  floatAccess,
  type FunctionSpec,
  I32,
  increment,
  loopUntil,
  op,
  whileNonZero,
} from '@srnn/wasm-assembler';
import { $, assign, FunctionBuilder } from './simd-math';

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

/** The exported function of a stage: its body inside the row loops. */
export function elementwiseFunction(stage: ElementwiseStage): FunctionSpec {
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
