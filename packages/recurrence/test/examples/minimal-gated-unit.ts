import * as tf from '@tensorflow/tfjs';
import {
  $,
  assign,
  type CellStage,
  type CpuRows,
  f32x4,
  type GatedCell,
  gateDerivative,
  role,
  sigmoid,
  tanh,
  tanhDerivative,
} from '@srnn/recurrence';

// The minimal gated unit (Zhou et al. 2016), blocks f | c, one state part h:
//   f = σ(x_f + h·U_f)    c = tanh(x_c + (f h)·U_c)    h' = h + f (c - h)
const [F, C] = [0, 1];
const H = 0;

/** Element (s, j) of a stream in the cpu form. */
const at = (rows: CpuRows, s: number, j: number): number => rows.at + s * rows.stride + j;

// Phase 0, after the product h·U_f: the gate, and f h, the operand of phase 1's product.
const gateStage: CellStage<'fIn' | 'fProjection' | 'previous' | 'f' | 'gated'> = {
  name: 'mguGate',
  streams: {
    fIn: role.recurrent(F),
    fProjection: role.projection(F),
    previous: role.previous(H),
    f: role.saved(F),
    gated: role.operand(1),
  },
  simd: (fn, io) => {
    const f = fn.local();
    return [
      ...assign(f, sigmoid(fn, f32x4.add(io.load('fIn'), io.load('fProjection')))),
      ...io.store('f', $(f)),
      ...io.store('gated', f32x4.mul($(f), io.load('previous'))),
    ];
  },
  cpu: (rows, cols, io) => {
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < cols; j += 1) {
        const x = io.fIn.data[at(io.fIn, s, j)]! + io.fProjection.data[at(io.fProjection, s, j)]!;
        const f = 1 / (1 + Math.exp(-x));
        io.f.data[at(io.f, s, j)] = f;
        io.gated.data[at(io.gated, s, j)] = f * io.previous.data[at(io.previous, s, j)]!;
      }
    }
  },
};

// Phase 1, after the product (f h)·U_c: the candidate and the new state.
const stateStage: CellStage<'cIn' | 'cProjection' | 'f' | 'previous' | 'c' | 'state'> = {
  name: 'mguState',
  streams: {
    cIn: role.recurrent(C),
    cProjection: role.projection(C),
    f: role.saved(F),
    previous: role.previous(H),
    c: role.saved(C),
    state: role.state(H),
  },
  simd: (fn, io) => {
    const [c, h] = [fn.local(), fn.local()];
    const { add, mul, sub } = f32x4;
    return [
      ...assign(c, tanh(fn, add(io.load('cIn'), io.load('cProjection')))),
      ...assign(h, io.load('previous')),
      ...io.store('c', $(c)),
      ...io.store('state', add($(h), mul(io.load('f'), sub($(c), $(h))))),
    ];
  },
  cpu: (rows, cols, io) => {
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < cols; j += 1) {
        const c = Math.tanh(
          io.cIn.data[at(io.cIn, s, j)]! + io.cProjection.data[at(io.cProjection, s, j)]!,
        );
        const h = io.previous.data[at(io.previous, s, j)]!;
        io.c.data[at(io.c, s, j)] = c;
        io.state.data[at(io.state, s, j)] = h + io.f.data[at(io.f, s, j)]! * (c - h);
      }
    }
  },
};

// Backward, phase 1 (runs first): with dh = carried + fromProduct, the candidate's gradient,
// f's gradient through the update (finished in phase 0), f h again for the kernel gradient, and
// the part of dh_{t-1} through the update, dh (1 - f).
const stateGradient: CellStage<
  'f' | 'c' | 'previous' | 'carried' | 'fromProduct' | 'dc' | 'pc' | 'df' | 'gated'
> = {
  name: 'mguStateGradient',
  streams: {
    f: role.saved(F),
    c: role.saved(C),
    previous: role.previous(H),
    carried: role.carried(H),
    fromProduct: role.fromProduct(),
    dc: role.blockGradient(C),
    pc: role.projectionGradient(C),
    df: role.blockGradient(F),
    gated: role.operand(1),
  },
  simd: (fn, io) => {
    const [f, c, h, dh, d] = [fn.local(), fn.local(), fn.local(), fn.local(), fn.local()];
    const { add, mul, sub } = f32x4;
    return [
      ...assign(f, io.load('f')),
      ...assign(c, io.load('c')),
      ...assign(h, io.load('previous')),
      ...assign(dh, add(io.load('carried'), io.load('fromProduct'))),
      ...assign(d, mul(mul($(dh), $(f)), tanhDerivative(fn, $(c)))),
      ...io.store('dc', $(d)),
      ...io.store('pc', $(d)),
      ...io.store('df', mul($(dh), sub($(c), $(h)))),
      ...io.store('gated', mul($(f), $(h))),
      ...io.store('carried', mul($(dh), sub(fn.splat(1), $(f)))),
    ];
  },
  cpu: (rows, cols, io) => {
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < cols; j += 1) {
        const f = io.f.data[at(io.f, s, j)]!;
        const c = io.c.data[at(io.c, s, j)]!;
        const h = io.previous.data[at(io.previous, s, j)]!;
        const dh =
          io.carried.data[at(io.carried, s, j)]! + io.fromProduct.data[at(io.fromProduct, s, j)]!;
        const d = dh * f * (1 - c * c);
        io.dc.data[at(io.dc, s, j)] = d;
        io.pc.data[at(io.pc, s, j)] = d;
        io.df.data[at(io.df, s, j)] = dh * (c - h);
        io.gated.data[at(io.gated, s, j)] = f * h;
        io.carried.data[at(io.carried, s, j)] = dh * (1 - f);
      }
    }
  },
};

// Backward, phase 0: f's gradient finished with the part through f h, and that product's part
// of dh_{t-1}.
const gateGradient: CellStage<'f' | 'previous' | 'dGated' | 'df' | 'pf' | 'carried'> = {
  name: 'mguGateGradient',
  streams: {
    f: role.saved(F),
    previous: role.previous(H),
    dGated: role.operandGradient(1),
    df: role.blockGradient(F),
    pf: role.projectionGradient(F),
    carried: role.carried(H),
  },
  simd: (fn, io) => {
    const [f, g, d] = [fn.local(), fn.local(), fn.local()];
    const { add, mul } = f32x4;
    return [
      ...assign(f, io.load('f')),
      ...assign(g, io.load('dGated')),
      ...assign(d, add(io.load('df'), mul($(g), io.load('previous')))),
      ...assign(d, mul($(d), gateDerivative(fn, $(f), false))),
      ...io.store('df', $(d)),
      ...io.store('pf', $(d)),
      ...io.store('carried', add(io.load('carried'), mul($(g), $(f)))),
    ];
  },
  cpu: (rows, cols, io) => {
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < cols; j += 1) {
        const f = io.f.data[at(io.f, s, j)]!;
        const g = io.dGated.data[at(io.dGated, s, j)]!;
        const h = io.previous.data[at(io.previous, s, j)]!;
        const d = (io.df.data[at(io.df, s, j)]! + g * h) * f * (1 - f);
        io.df.data[at(io.df, s, j)] = d;
        io.pf.data[at(io.pf, s, j)] = d;
        io.carried.data[at(io.carried, s, j)] = io.carried.data[at(io.carried, s, j)]! + g * f;
      }
    }
  },
};

/** The minimal gated unit as a gated cell of the fused recurrence. */
export const minimalGatedUnit: GatedCell = {
  key: 'example.mgu',
  inputBlocks: 2,
  recurrentBlocks: 2,
  savedBlocks: 2,
  stateParts: ['h'],
  phases: [
    { blocks: { first: F, count: 1 }, forward: gateStage, backward: gateGradient },
    { blocks: { first: C, count: 1 }, forward: stateStage, backward: stateGradient },
  ],
  // The same step as tfjs ops: the reference, and what other backends run.
  ops: ({ projection: [xf, xc], previous: [h], recurrentKernel: [uf, uc] }) => {
    const f = tf.sigmoid(tf.add(xf!, tf.matMul(h!, uf!)));
    const c = tf.tanh(tf.add(xc!, tf.matMul(tf.mul(f, h!) as tf.Tensor2D, uc!)));
    return [tf.add(h!, tf.mul(f, tf.sub(c, h!))) as tf.Tensor2D];
  },
};
