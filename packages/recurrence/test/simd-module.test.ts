// The SIMD modules on a memory of their own: each of the GRU's element-wise stages, in its SIMD
// and its cpu form, against its formulas evaluated in double precision, at row lengths that use
// every pass (8, 4, 2 and 1 floats at a time), with gaps between rows that must stay untouched;
// the activations over the whole float range; the product tiles and packed products against a
// plain triple loop.
import { packPanels } from '@srnn/backend/products';
import { assembleModule } from '@srnn/wasm-assembler';
import type { CellStage, CpuRows } from '../src/cell-description';
import { compileCell } from '../src/cell-plan';
import { cellSimdFor } from '../src/cell-simd';
import { gruCell } from '../src/gru-cell';
import { productModuleBytes } from '../src/simd-products';
import { type ProductSimd, productSimdFor, type Rows, scratchMemory } from '../src/simd-runtime';
import { seededValues } from './helpers';

/** The GRU's stages with these activations, by their old names. */
function gruStages(tanh: boolean, hard: boolean) {
  const cell = gruCell(tanh ? 'tanh' : 'linear', hard ? 'hardSigmoid' : 'sigmoid');
  const [gates, state] = cell.phases as [
    (typeof cell.phases)[number],
    (typeof cell.phases)[number],
  ];
  return {
    cell,
    forwardGates: gates.forward,
    backwardReset: gates.backward,
    forwardState: state.forward,
    backwardUpdate: state.backward,
  };
}

type Form = 'simd' | 'cpu';

/** Runs `stage` of the GRU in one form over rows of `memory` given as byte addresses and strides. */
function runStage(
  form: Form,
  memory: { buffer: ArrayBufferLike },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  stage: CellStage<any>,
  rows: number,
  cols: number,
  streams: Record<string, Rows>,
): void {
  const names = Object.keys(stage.streams);
  if (form === 'cpu') {
    const data = new Float32Array(memory.buffer);
    const io: Record<string, CpuRows> = {};
    for (const name of names) {
      io[name] = { data, at: streams[name]!.at / 4, stride: streams[name]!.stride / 4 };
    }
    stage.cpu(rows, cols, io);
    return;
  }
  // Each GRU variant has a module of its own: the one whose cell holds this very stage.
  const variants = [false, true].flatMap((t) => [false, true].map((h) => gruStages(t, h).cell));
  const cell = variants.find((c) =>
    c.phases.some((p) => p.forward === stage || p.backward === stage),
  );
  const stages = cellSimdFor(compileCell(cell!).plan, memory);
  const plan = { name: stage.name, roles: [] };
  stages!.run(
    plan,
    rows,
    cols,
    names.map((n) => streams[n]!),
  );
}

interface WebAssemblyForTests {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => {
    buffer: ArrayBufferLike;
  };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyForTests }).WebAssembly;

const GAP = 3;
const SENTINEL = 1234.5;
const ROWS = 3;
const COLUMNS = [1, 2, 3, 5, 8, 13, 50];

/** Floats in a WebAssembly memory, handed out in rows with sentinel gaps between them. */
class Scratch {
  private next = 16;

  constructor(private readonly floats: Float32Array) {}

  /** `rows` × `cols` floats (row-major `values`, or NaN to show what is not written). */
  block(rows: number, cols: number, values?: ArrayLike<number>): Block {
    const start = this.next;
    const stride = cols + GAP;
    this.next += rows * stride + 4;
    const f = this.floats;
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < stride; j += 1) {
        f[start + s * stride + j] = j < cols ? (values ? values[s * cols + j]! : NaN) : SENTINEL;
      }
    }
    return {
      rows: { at: 4 * start, stride: 4 * stride },
      read: () =>
        Array.from(
          { length: rows * cols },
          (_, i) => f[start + Math.floor(i / cols) * stride + (i % cols)]!,
        ),
      gapsIntact: () => {
        for (let s = 0; s < rows; s += 1) {
          for (let j = cols; j < stride; j += 1) {
            if (f[start + s * stride + j] !== SENTINEL) return false;
          }
        }
        return true;
      },
    };
  }

  /** One row of zeros read for every row (stride 0), as the kernels pass h_{-1}. */
  zeroRow(cols: number): Block {
    const block = this.block(1, cols, new Float32Array(cols));
    return { ...block, rows: { at: block.rows.at, stride: 0 } };
  }
}

interface Block {
  rows: Rows;
  read(): number[];
  gapsIntact(): boolean;
}

function scratch(): { simd: ProductSimd; space: Scratch; memory: { buffer: ArrayBuffer } } {
  const memory = scratchMemory(64);
  const simd = productSimdFor(memory);
  if (memory === null || simd === null) throw new Error('this runtime has no WebAssembly SIMD');
  return { simd, memory, space: new Scratch(new Float32Array(memory.buffer)) };
}

/**
 * Runs `stage` over ROWS × `cols`: inputs given by value (null: a zero row), outputs fresh unless
 * `aliases` maps them onto an input (in place, as the kernels use them). Returns every stream.
 */
function run<N extends string>(
  form: Form,
  stage: CellStage<N>,
  cols: number,
  inputs: Partial<Record<N, Float32Array | null>>,
  aliases: Partial<Record<N, N>> = {},
): Record<N, number[]> {
  const { memory, space } = scratch();
  const names = Object.keys(stage.streams) as N[];
  const blocks = {} as Record<N, Block>;
  for (const name of names) {
    const value = inputs[name];
    if (value === undefined) continue;
    blocks[name] = value === null ? space.zeroRow(cols) : space.block(ROWS, cols, value);
  }
  for (const name of names) {
    if (name in blocks) continue;
    const target = aliases[name];
    blocks[name] = target === undefined ? space.block(ROWS, cols) : blocks[target];
  }
  const rows = {} as Record<string, Rows>;
  for (const name of names) rows[name] = blocks[name].rows;
  runStage(form, memory, stage, ROWS, cols, rows);
  const out = {} as Record<N, number[]>;
  for (const name of names) {
    expect(blocks[name].gapsIntact()).toBe(true);
    out[name] = blocks[name].read();
  }
  return out;
}

/** float32 results against double-precision formulas. */
function expectClose(actual: number[], expected: (i: number) => number): void {
  actual.forEach((a, i) => {
    const e = expected(i);
    expect(Math.abs(a - e)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(e)));
  });
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const hardSigmoid = (x: number): number => Math.min(1, Math.max(0, 0.2 * x + 0.5));
const gateOf = (hard: boolean) => (hard ? hardSigmoid : sigmoid);
const gateSlope = (y: number, hard: boolean): number =>
  hard ? (y > 0 && y < 1 ? 0.2 : 0) : y * (1 - y);

/** Gate outputs in [0, 1]; for the hard sigmoid some exactly 0 or 1 (its clipped ends). */
function gateValues(size: number, seed: number): Float32Array {
  return seededValues(size, seed).map((x) => Math.min(1, Math.max(0, 0.7 * x + 0.5)));
}

const HARD = [false, true];
const TANH = [false, true];

describe('the module', () => {
  test('validates, for a plain and for a shared memory', () => {
    const functions = compileCell(gruStages(true, true).cell).plan.functions;
    for (const shared of [false, true]) {
      expect(webAssembly.validate(productModuleBytes(shared))).toBe(true);
      expect(webAssembly.validate(assembleModule({ sharedMemory: shared, functions }))).toBe(true);
    }
  });

  test('instantiates on a shared memory (a threaded backend) and runs there', () => {
    const memory = new webAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    expect(productSimdFor(memory)).not.toBeNull();
    const f = new Float32Array(memory.buffer);
    f.set([1, 2, 3, 4, 5], 0);
    const row = (at: number): Rows => ({ at: 4 * at, stride: 0 });
    // Linear candidate, z = 0, h_{t-1} = 0: the state is the projection itself.
    runStage('simd', memory, gruStages(false, false).forwardState, 1, 5, {
      candidateIn: row(16),
      candidateProjection: row(0),
      z: row(16),
      previous: row(16),
      candidateOut: row(32),
      state: row(48),
    });
    expect(Array.from(f.subarray(48, 53))).toEqual([1, 2, 3, 4, 5]);
  });

  test('is not had for something that is not a WebAssembly memory', () => {
    expect(productSimdFor(undefined)).toBeNull();
    expect(productSimdFor({ buffer: new ArrayBuffer(8) })).toBeNull();
    expect(cellSimdFor(compileCell(gruStages(false, false).cell).plan, undefined)).toBeNull();
  });
});

describe('activations', () => {
  // x over [-100, 100] and beyond: sigmoid and tanh through the forward stages with zero rows in
  // every other input, so the output is the activation of the projection alone.
  const xs = Float32Array.from([
    ...Array.from({ length: 4001 }, (_, i) => -100 + i * 0.05),
    -1e30,
    1e30,
    0,
    -0,
  ]);

  function activate(stage: 'sigmoid' | 'tanh', x: Float32Array): number[] {
    const { memory, space } = scratch();
    const input = space.block(1, x.length, x);
    const zero = space.zeroRow(x.length);
    const out = [space.block(1, x.length), space.block(1, x.length), space.block(1, x.length)];
    if (stage === 'sigmoid') {
      runStage('simd', memory, gruStages(false, false).forwardGates, 1, x.length, {
        zIn: zero.rows,
        rIn: zero.rows,
        zProjection: input.rows,
        rProjection: input.rows,
        previous: zero.rows,
        zOut: out[0]!.rows,
        rOut: out[1]!.rows,
        resetState: out[2]!.rows,
      });
    } else {
      runStage('simd', memory, gruStages(true, false).forwardState, 1, x.length, {
        candidateIn: zero.rows,
        candidateProjection: input.rows,
        z: zero.rows,
        previous: zero.rows,
        candidateOut: out[0]!.rows,
        state: out[1]!.rows,
      });
    }
    return out[0]!.read();
  }

  test('sigmoid is within 2e-7 of the exact value everywhere', () => {
    const y = activate('sigmoid', xs);
    y.forEach((v, i) => expect(Math.abs(v - sigmoid(xs[i]!))).toBeLessThan(2e-7));
  });

  test('tanh is within 3e-7 of the exact value everywhere', () => {
    const y = activate('tanh', xs);
    y.forEach((v, i) => expect(Math.abs(v - Math.tanh(xs[i]!))).toBeLessThan(3e-7));
  });

  test('infinities go to the limits and NaN stays NaN', () => {
    const special = Float32Array.of(Infinity, -Infinity, NaN);
    expect(activate('sigmoid', special)).toEqual([1, expect.closeTo(0, 30), NaN]);
    expect(activate('tanh', special)).toEqual([1, -1, NaN]);
  });
});

describe.each(
  (['simd', 'cpu'] as const).flatMap((form) => COLUMNS.map((cols) => [form, cols] as const)),
)('element-wise stages, %s form, %i columns', (form, cols) => {
  const n = ROWS * cols;

  test.each(HARD)('forward gates (hard sigmoid: %s)', (hard) => {
    const g = gateOf(hard);
    const [zIn, rIn, zProjection, rProjection] = [1, 2, 3, 4].map((k) => seededValues(n, k, 3));
    const previous = seededValues(n, 5);
    const out = run(form, gruStages(false, hard).forwardGates, cols, {
      zIn,
      rIn,
      zProjection,
      rProjection,
      previous,
    });
    expectClose(out.zOut!, (i) => g(zIn![i]! + zProjection![i]!));
    expectClose(out.rOut!, (i) => g(rIn![i]! + rProjection![i]!));
    expectClose(out.resetState!, (i) => g(rIn![i]! + rProjection![i]!) * previous[i]!);
  });

  test('forward gates at step 0: zero rows for h_{-1} and the recurrent terms', () => {
    const [zProjection, rProjection] = [6, 7].map((k) => seededValues(n, k, 3));
    const out = run(form, gruStages(false, false).forwardGates, cols, {
      zIn: null,
      rIn: null,
      zProjection,
      rProjection,
      previous: null,
    });
    expectClose(out.zOut!, (i) => sigmoid(zProjection![i]!));
    expect(out.resetState).toEqual(new Array(n).fill(0));
  });

  test.each(TANH)('forward state (tanh: %s)', (tanh) => {
    const [candidateIn, candidateProjection] = [8, 9].map((k) => seededValues(n, k, 2));
    const z = gateValues(n, 10);
    const previous = seededValues(n, 11);
    const out = run(form, gruStages(tanh, false).forwardState, cols, {
      candidateIn,
      candidateProjection,
      z,
      previous,
    });
    const c = (i: number) => {
      const x = candidateIn![i]! + candidateProjection![i]!;
      return tanh ? Math.tanh(x) : x;
    };
    const h = (i: number) => c(i) + z[i]! * (previous[i]! - c(i));
    expectClose(out.candidateOut!, c);
    expectClose(out.state!, h);
  });

  test.each(TANH.flatMap((tanh) => HARD.map((hard) => [tanh, hard])))(
    'backward update (tanh: %s, hard sigmoid: %s), carried gradient in place',
    (tanh, hard) => {
      const z = gateValues(n, 12);
      const r = gateValues(n, 13);
      const candidate = seededValues(n, 14);
      const previous = seededValues(n, 15);
      const carried = seededValues(n, 16);
      const fromGates = seededValues(n, 17);
      const out = run(form, gruStages(tanh, hard).backwardUpdate, cols, {
        z,
        r,
        candidate,
        previous,
        carried: carried.slice(),
        fromGates,
      });
      const dh = (i: number) => carried[i]! + fromGates[i]!;
      const c = (i: number) => candidate[i]!;
      const dc = (i: number) => dh(i) * (1 - z[i]!) * (tanh ? 1 - c(i) * c(i) : 1);
      const dz = (i: number) => dh(i) * (previous[i]! - c(i)) * gateSlope(z[i]!, hard);
      expectClose(out.candidateGradient!, dc);
      expectClose(out.candidateProjectionGradient!, dc);
      expectClose(out.updateGradient!, dz);
      expectClose(out.updateProjectionGradient!, dz);
      expectClose(out.resetState!, (i) => r[i]! * previous[i]!);
      expectClose(out.carried!, (i) => dh(i) * z[i]!);
    },
  );

  test.each(HARD)('backward reset (hard sigmoid: %s), carried gradient in place', (hard) => {
    const r = gateValues(n, 18);
    const previous = seededValues(n, 19);
    const resetStateGradient = seededValues(n, 20);
    const carried = seededValues(n, 21);
    const out = run(form, gruStages(false, hard).backwardReset, cols, {
      r,
      previous,
      resetStateGradient,
      carried: carried.slice(),
    });
    const dr = (i: number) => resetStateGradient[i]! * previous[i]! * gateSlope(r[i]!, hard);
    expectClose(out.resetGradient!, dr);
    expectClose(out.resetProjectionGradient!, dr);
    expectClose(out.carried!, (i) => carried[i]! + resetStateGradient[i]! * r[i]!);
  });
});

describe('product tiles', () => {
  const SHAPES = [
    { inner: 1, cols: 1, outer: 1, innerCount: 1 },
    { inner: 3, cols: 5, outer: 2, innerCount: 3 },
    { inner: 4, cols: 8, outer: 1, innerCount: 7 },
    { inner: 6, cols: 13, outer: 3, innerCount: 2 },
    { inner: 9, cols: 17, outer: 4, innerCount: 5 },
    { inner: 50, cols: 100, outer: 2, innerCount: 33 },
  ];

  test.each(SHAPES)(
    'OUT[$inner, $cols] += Σ over $outer × $innerCount rows of Aᵀ B, onto OUT and nothing else',
    ({ inner, cols, outer, innerCount }) => {
      const { simd, space } = scratch();
      const rows = outer * innerCount;
      // Rows with gaps, and an extra gap between outer groups: strides at both levels matter.
      const aValues = seededValues(rows * inner, 30);
      const bValues = seededValues(rows * cols, 31);
      const a = space.block(rows + outer, inner, withGroupGaps(aValues, outer, innerCount, inner));
      const b = space.block(rows + outer, cols, withGroupGaps(bValues, outer, innerCount, cols));
      const start = seededValues(inner * cols, 32);
      const out = space.block(inner, cols, start);
      const block = (m: Block) => ({
        at: m.rows.at,
        outer: (innerCount + 1) * m.rows.stride,
        inner: m.rows.stride,
      });
      simd.accumulateProduct(out.rows, block(a), block(b), inner, cols, outer, innerCount);
      expect(out.gapsIntact()).toBe(true);
      const result = out.read();
      for (let i = 0; i < inner; i += 1) {
        for (let c = 0; c < cols; c += 1) {
          let sum = start[i * cols + c]!;
          let scale = Math.abs(sum);
          for (let row = 0; row < rows; row += 1) {
            const term = aValues[row * inner + i]! * bValues[row * cols + c]!;
            sum += term;
            scale += Math.abs(term);
          }
          expect(Math.abs(result[i * cols + c]! - sum)).toBeLessThanOrEqual(1e-6 * (1 + scale));
        }
      }
    },
  );
});

describe('packed products', () => {
  // Panel widths and packing are tested in @srnn/backend, which owns them; here the recurrence's
  // own module runs the tiles.
  /** OUT = A · B with its rows and the packed B in the scratch memory. */
  function multiplyPacked(
    aValues: Float32Array,
    bValues: Float32Array,
    rows: number,
    inner: number,
    cols: number,
  ): Block {
    const { simd, space } = scratch();
    const a = space.block(rows, inner, aValues);
    const packed = new Float32Array(inner * cols);
    packPanels(packed, 0, bValues, 0, inner, cols);
    const b = space.block(1, inner * cols, packed);
    const out = space.block(rows, cols);
    simd.multiplyPacked(out.rows, a.rows, b.rows.at, rows, inner, cols);
    expect(a.gapsIntact() && b.gapsIntact() && out.gapsIntact()).toBe(true);
    return out;
  }

  test('a hand-worked product', () => {
    const out = multiplyPacked(
      Float32Array.from([1, 2, 3, 4]),
      Float32Array.from([5, 6, 7, 8, 9, 10]),
      2,
      2,
      3,
    );
    expect(out.read()).toEqual([21, 24, 27, 47, 54, 61]);
  });

  const SHAPES = [
    { rows: 1, inner: 1, cols: 1 },
    { rows: 3, inner: 2, cols: 7 },
    { rows: 5, inner: 3, cols: 9 },
    { rows: 7, inner: 50, cols: 50 },
    { rows: 9, inner: 50, cols: 100 },
    { rows: 6, inner: 100, cols: 50 },
    { rows: 4, inner: 17, cols: 150 },
  ];

  test.each(SHAPES)(
    'OUT[$rows, $cols] = A[$rows, $inner] · B, bit for bit a float32 loop over the terms in order',
    ({ rows, inner, cols }) => {
      const aValues = seededValues(rows * inner, 40);
      const bValues = seededValues(inner * cols, 41);
      const result = multiplyPacked(aValues, bValues, rows, inner, cols).read();
      const f = Math.fround;
      for (let i = 0; i < rows; i += 1) {
        for (let c = 0; c < cols; c += 1) {
          let sum = 0;
          for (let k = 0; k < inner; k += 1) {
            sum = f(sum + f(aValues[i * inner + k]! * bValues[k * cols + c]!));
          }
          expect(result[i * cols + c]).toBe(sum);
        }
      }
    },
  );
});

/** Row-major values of `outer` groups of `innerCount` rows, with one spare row after each group. */
function withGroupGaps(
  values: Float32Array,
  outer: number,
  innerCount: number,
  cols: number,
): Float32Array {
  const out = new Float32Array(outer * (innerCount + 1) * cols).fill(SENTINEL);
  for (let o = 0; o < outer; o += 1) {
    out.set(
      values.subarray(o * innerCount * cols, (o + 1) * innerCount * cols),
      o * (innerCount + 1) * cols,
    );
  }
  return out;
}
