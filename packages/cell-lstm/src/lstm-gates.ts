/**
 * The LSTM as a gated cell of @srnn/recurrence's fused recurrence (Keras 2 / tfjs-layers layout:
 * gate blocks input i | forget f | cell g | output o, in the projection and the recurrent kernel).
 * One phase per step: the product h·U of all four blocks, then
 *
 *   i, f, o = σ(x + h·U)   g = act(x_g + h·U_g)   c = f c_{t-1} + i g   h = o act(c)
 *
 * State parts h and c; saved per step: i | f | g | o | act(c). The gradient of a step, with
 * dh = carried h + the product's part and dc = carried c + dh o act'(c):
 * do = dh act(c) σ'(o), di = dc g σ'(i), df = dc c_{t-1} σ'(f), dg = dc i act'(g); carried
 * c ← dc f, carried h ← 0 (h reaches the previous step only through the product).
 */
import * as tf from '@tensorflow/tfjs';
import {
  gatedRecurrence,
  type RecurrenceOptions,
  recurrenceWithOps,
  $,
  assign,
  type CellStage,
  f32x4,
  type FunctionBuilder,
  gate,
  gateDerivative,
  type GatedCell,
  type OpsStep,
  role,
  tanh as simdTanh,
  tanhDerivative,
  type Code,
} from '@srnn/recurrence';
import { activationFunction } from './activations';
import type { LstmActivation } from './options';

/** Cell activations the fused LSTM computes natively. */
export const LSTM_FUSED_ACTIVATIONS = ['tanh', 'linear'] as const;
/** Gate activations the fused LSTM computes natively. */
export const LSTM_FUSED_RECURRENT_ACTIVATIONS = ['sigmoid', 'hardSigmoid'] as const;

export type LstmFusedActivation = (typeof LSTM_FUSED_ACTIVATIONS)[number];
export type LstmFusedRecurrentActivation = (typeof LSTM_FUSED_RECURRENT_ACTIVATIONS)[number];

// Blocks i, f, g, o (and saved act(c) after them); state parts h, c.
const [I, FORGET, G, O, ACT_C] = [0, 1, 2, 3, 4];
const [H, C] = [0, 1];

const sigmoidNumber = (x: number): number => 1 / (1 + Math.exp(-x));
const hardSigmoidNumber = (x: number): number => Math.min(1, Math.max(0, 0.2 * x + 0.5));
const gateSlope = (y: number, hard: boolean): number =>
  hard ? (y > 0 && y < 1 ? 0.2 : 0) : y * (1 - y);

const activate = (fn: FunctionBuilder, x: Code, tanh: boolean): Code =>
  tanh ? simdTanh(fn, x) : x;
/** act'(x) from the output y: 1 - y² for tanh, null (1) for linear. */
const activationSlope = (fn: FunctionBuilder, y: Code, tanh: boolean): Code | null =>
  tanh ? tanhDerivative(fn, y) : null;

type ForwardStreams =
  | 'xi'
  | 'xf'
  | 'xg'
  | 'xo'
  | 'ri'
  | 'rf'
  | 'rg'
  | 'ro'
  | 'previousMemory'
  | 'i'
  | 'f'
  | 'g'
  | 'o'
  | 'activeMemory'
  | 'state'
  | 'memory';

/** Forward: the four gates, the new cell state c and the new output h. */
const forward = (tanh: boolean, hard: boolean): CellStage<ForwardStreams> => ({
  name: 'lstmForward',
  streams: {
    xi: role.projection(I),
    xf: role.projection(FORGET),
    xg: role.projection(G),
    xo: role.projection(O),
    ri: role.recurrent(I),
    rf: role.recurrent(FORGET),
    rg: role.recurrent(G),
    ro: role.recurrent(O),
    previousMemory: role.previous(C),
    i: role.saved(I),
    f: role.saved(FORGET),
    g: role.saved(G),
    o: role.saved(O),
    activeMemory: role.saved(ACT_C),
    state: role.state(H),
    memory: role.state(C),
  },
  simd: (fn, io) => {
    const [i, f, g, o, c, a] = [
      fn.local(),
      fn.local(),
      fn.local(),
      fn.local(),
      fn.local(),
      fn.local(),
    ];
    const { add, mul } = f32x4;
    const pre = (x: ForwardStreams, r: ForwardStreams) => add(io.load(x), io.load(r));
    return [
      ...assign(i, gate(fn, pre('xi', 'ri'), hard)),
      ...assign(f, gate(fn, pre('xf', 'rf'), hard)),
      ...assign(g, activate(fn, pre('xg', 'rg'), tanh)),
      ...assign(o, gate(fn, pre('xo', 'ro'), hard)),
      ...assign(c, add(mul($(f), io.load('previousMemory')), mul($(i), $(g)))),
      ...assign(a, activate(fn, $(c), tanh)),
      ...io.store('i', $(i)),
      ...io.store('f', $(f)),
      ...io.store('g', $(g)),
      ...io.store('o', $(o)),
      ...io.store('activeMemory', $(a)),
      ...io.store('memory', $(c)),
      ...io.store('state', mul($(o), $(a))),
    ];
  },
  cpu: (rows, cols, io) => {
    const gateOf = hard ? hardSigmoidNumber : sigmoidNumber;
    const act = tanh ? Math.tanh : (x: number) => x;
    const at = (name: ForwardStreams, s: number, j: number) =>
      io[name].at + s * io[name].stride + j;
    const pre = (x: ForwardStreams, r: ForwardStreams, s: number, j: number) =>
      io[x].data[at(x, s, j)]! + io[r].data[at(r, s, j)]!;
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < cols; j += 1) {
        const i = gateOf(pre('xi', 'ri', s, j));
        const f = gateOf(pre('xf', 'rf', s, j));
        const g = act(pre('xg', 'rg', s, j));
        const o = gateOf(pre('xo', 'ro', s, j));
        const c = f * io.previousMemory.data[at('previousMemory', s, j)]! + i * g;
        const a = act(c);
        io.i.data[at('i', s, j)] = i;
        io.f.data[at('f', s, j)] = f;
        io.g.data[at('g', s, j)] = g;
        io.o.data[at('o', s, j)] = o;
        io.activeMemory.data[at('activeMemory', s, j)] = a;
        io.memory.data[at('memory', s, j)] = c;
        io.state.data[at('state', s, j)] = o * a;
      }
    }
  },
});

type BackwardStreams =
  | 'i'
  | 'f'
  | 'g'
  | 'o'
  | 'activeMemory'
  | 'previousMemory'
  | 'carriedState'
  | 'fromProduct'
  | 'carriedMemory'
  | 'di'
  | 'df'
  | 'dg'
  | 'do'
  | 'pi'
  | 'pf'
  | 'pg'
  | 'po';

/** Backward: the four gates' pre-activation gradients (twice each) and the carried gradients. */
const backward = (tanh: boolean, hard: boolean): CellStage<BackwardStreams> => ({
  name: 'lstmBackward',
  streams: {
    i: role.saved(I),
    f: role.saved(FORGET),
    g: role.saved(G),
    o: role.saved(O),
    activeMemory: role.saved(ACT_C),
    previousMemory: role.previous(C),
    carriedState: role.carried(H),
    fromProduct: role.fromProduct(),
    carriedMemory: role.carried(C),
    di: role.blockGradient(I),
    df: role.blockGradient(FORGET),
    dg: role.blockGradient(G),
    do: role.blockGradient(O),
    pi: role.projectionGradient(I),
    pf: role.projectionGradient(FORGET),
    pg: role.projectionGradient(G),
    po: role.projectionGradient(O),
  },
  simd: (fn, io) => {
    const [i, f, g, o, a, dh, dc, d] = Array.from({ length: 8 }, () => fn.local()) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const { add, mul } = f32x4;
    const aSlope = activationSlope(fn, $(a), tanh);
    const gSlope = activationSlope(fn, $(g), tanh);
    const dhO = mul($(dh), $(o));
    const both = (block: BackwardStreams, projection: BackwardStreams): Code => [
      ...io.store(block, $(d)),
      ...io.store(projection, $(d)),
    ];
    return [
      ...assign(i, io.load('i')),
      ...assign(f, io.load('f')),
      ...assign(g, io.load('g')),
      ...assign(o, io.load('o')),
      ...assign(a, io.load('activeMemory')),
      ...assign(dh, add(io.load('carriedState'), io.load('fromProduct'))),
      ...assign(dc, add(io.load('carriedMemory'), aSlope ? mul(dhO, aSlope) : dhO)),
      ...assign(d, mul(mul($(dh), $(a)), gateDerivative(fn, $(o), hard))),
      ...both('do', 'po'),
      ...assign(d, mul(mul($(dc), $(g)), gateDerivative(fn, $(i), hard))),
      ...both('di', 'pi'),
      ...assign(d, mul(mul($(dc), io.load('previousMemory')), gateDerivative(fn, $(f), hard))),
      ...both('df', 'pf'),
      ...assign(d, gSlope ? mul(mul($(dc), $(i)), gSlope) : mul($(dc), $(i))),
      ...both('dg', 'pg'),
      ...io.store('carriedMemory', mul($(dc), $(f))),
      ...io.store('carriedState', fn.splat(0)),
    ];
  },
  cpu: (rows, cols, io) => {
    const at = (name: BackwardStreams, s: number, j: number) =>
      io[name].at + s * io[name].stride + j;
    const read = (name: BackwardStreams, s: number, j: number) => io[name].data[at(name, s, j)]!;
    const write = (name: BackwardStreams, s: number, j: number, v: number) => {
      io[name].data[at(name, s, j)] = v;
    };
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < cols; j += 1) {
        const [i, f, g, o, a] = [
          read('i', s, j),
          read('f', s, j),
          read('g', s, j),
          read('o', s, j),
          read('activeMemory', s, j),
        ];
        const dh = read('carriedState', s, j) + read('fromProduct', s, j);
        const dc = read('carriedMemory', s, j) + dh * o * (tanh ? 1 - a * a : 1);
        const dO = dh * a * gateSlope(o, hard);
        const dI = dc * g * gateSlope(i, hard);
        const dF = dc * read('previousMemory', s, j) * gateSlope(f, hard);
        const dG = dc * i * (tanh ? 1 - g * g : 1);
        for (const [block, projection, v] of [
          ['do', 'po', dO],
          ['di', 'pi', dI],
          ['df', 'pf', dF],
          ['dg', 'pg', dG],
        ] as const) {
          write(block, s, j, v);
          write(projection, s, j, v);
        }
        write('carriedMemory', s, j, dc * f);
        write('carriedState', s, j, 0);
      }
    }
  },
});

/** The LSTM step as tfjs ops, one product per gate (the reference, and other activations). */
export function lstmOpsStep(
  activation: (x: tf.Tensor) => tf.Tensor,
  recurrentActivation: (x: tf.Tensor) => tf.Tensor,
): OpsStep {
  return ({
    projection: [xi, xf, xg, xo],
    previous: [h, c],
    recurrentKernel: [ui, uf, ug, uo],
  }) => {
    const pre = (x: tf.Tensor2D, u: tf.Tensor2D) => tf.add(x, tf.matMul(h!, u));
    const i = recurrentActivation(pre(xi!, ui!));
    const f = recurrentActivation(pre(xf!, uf!));
    const g = activation(pre(xg!, ug!));
    const o = recurrentActivation(pre(xo!, uo!));
    const memory = tf.add(tf.mul(f, c!), tf.mul(i, g)) as tf.Tensor2D;
    return [tf.mul(o, activation(memory)) as tf.Tensor2D, memory];
  };
}

const TENSOR_FUNCTIONS = {
  tanh: (x: tf.Tensor) => tf.tanh(x),
  linear: (x: tf.Tensor) => x,
  sigmoid: (x: tf.Tensor) => tf.sigmoid(x),
  hardSigmoid: (x: tf.Tensor) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1),
};

const cells = new Map<string, GatedCell>();

/** Whether the fused LSTM computes these activations (else run {@link lstmOpsStep}). */
export function lstmGatesSupport(activation: string, recurrentActivation: string): boolean {
  return (
    (LSTM_FUSED_ACTIVATIONS as readonly string[]).includes(activation) &&
    (LSTM_FUSED_RECURRENT_ACTIVATIONS as readonly string[]).includes(recurrentActivation)
  );
}

/**
 * The LSTM's description for `gatedRecurrence` with these activations (one object per pair).
 * @throws for activations the fused LSTM does not compute (see {@link lstmGatesSupport})
 */
export function lstmGates(
  activation: LstmFusedActivation = 'tanh',
  recurrentActivation: LstmFusedRecurrentActivation = 'sigmoid',
): GatedCell {
  if (!lstmGatesSupport(activation, recurrentActivation)) {
    throw new Error(
      `lstmGates: activation must be one of ${LSTM_FUSED_ACTIVATIONS.join(', ')} and ` +
        `recurrentActivation one of ${LSTM_FUSED_RECURRENT_ACTIVATIONS.join(', ')}; got ` +
        `'${String(activation)}', '${String(recurrentActivation)}'`,
    );
  }
  const key = `srnn.lstm:${activation}:${recurrentActivation}`;
  let cell = cells.get(key);
  if (cell === undefined) {
    const tanh = activation === 'tanh';
    const hard = recurrentActivation === 'hardSigmoid';
    cell = {
      key,
      inputBlocks: 4,
      recurrentBlocks: 4,
      savedBlocks: 5,
      stateParts: ['h', 'c'],
      phases: [
        {
          blocks: { first: 0, count: 4 },
          forward: forward(tanh, hard),
          backward: backward(tanh, hard),
        },
      ],
      ops: lstmOpsStep(TENSOR_FUNCTIONS[activation], TENSOR_FUNCTIONS[recurrentActivation]),
    };
    cells.set(key, cell);
  }
  return cell;
}

/** Options of {@link lstmRecurrence}: the activations and the recurrence's run modes. */
export interface LstmRecurrenceOptions extends RecurrenceOptions {
  /** Cell-input and output activation (default 'tanh'). */
  activation?: LstmActivation;
  /** Gate activation (default 'sigmoid'). */
  recurrentActivation?: LstmActivation;
}

/**
 * An LSTM from zero states over precomputed input projections `[sequences, steps, 4 * units]`
 * (gate blocks i | f | c | o; time-major with `timeMajor`) and a recurrent kernel
 * `[units, 4 * units]`: fused ({@link lstmGates}) where the activations allow it, else the same
 * step as tfjs ops. Returns the last output `[sequences, units]`, or every output with
 * `returnSequences` (in the projection's layout; with `reverse`, each at its step's time index).
 */
export function lstmRecurrence(
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  options: LstmRecurrenceOptions = {},
): tf.Tensor {
  const { activation = 'tanh', recurrentActivation = 'sigmoid', ...modes } = options;
  if (lstmGatesSupport(activation, recurrentActivation)) {
    const cell = lstmGates(
      activation as LstmFusedActivation,
      recurrentActivation as LstmFusedRecurrentActivation,
    );
    return gatedRecurrence(cell, projection, recurrentKernel, modes);
  }
  const step = lstmOpsStep(activationFunction(activation), activationFunction(recurrentActivation));
  return recurrenceWithOps(step, projection, recurrentKernel, {
    inputBlocks: 4,
    recurrentBlocks: 4,
    parts: 2,
    timeMajor: modes.timeMajor ?? false,
    reverse: modes.reverse ?? false,
    returnSequences: modes.returnSequences ?? false,
  });
}
