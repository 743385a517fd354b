/**
 * The GRU as a gated cell of the fused recurrence: Keras 2 with `reset_after=False`, gate blocks
 * z | r | h in the projection and the recurrent kernel. Two phases per step: the gate product
 * h·U[:, z|r] then the gates, and the candidate product (r·h)·U[:, h] then the candidate and the
 * new state. Saved per step: z | r | candidate.
 */
import * as tf from '@tensorflow/tfjs';
import {
  candidateDerivative,
  gateActivation,
  gateDerivative as gateSlope,
} from './activation-math';
import { tensorActivation } from './activation-ops';
import { type CellStage, type GatedCell, type OpsStep, role } from './cell-description';
import type { ElementwiseFunction, FusedActivation, FusedRecurrentActivation } from './gru-options';
import {
  $,
  assign,
  f32x4,
  gate,
  gateDerivative,
  tanh as simdTanh,
  tanhDerivative,
} from './simd-math';

// Blocks: z (update), r (reset), h (candidate); the one state part h.
const [Z, R, H] = [0, 1, 2];
const STATE = 0;

/**
 * Forward, phase 0: z | r = gate(recurrent + projection), and the reset state r · h_{t-1}, the
 * left operand of the candidate product.
 */
const forwardGates = (
  hard: boolean,
): CellStage<
  'zIn' | 'rIn' | 'zProjection' | 'rProjection' | 'previous' | 'zOut' | 'rOut' | 'resetState'
> => ({
  name: 'forwardGates',
  streams: {
    zIn: role.recurrent(Z),
    rIn: role.recurrent(R),
    zProjection: role.projection(Z),
    rProjection: role.projection(R),
    previous: role.previous(STATE),
    zOut: role.saved(Z),
    rOut: role.saved(R),
    resetState: role.operand(1),
  },
  simd: (fn, io) => {
    const r = fn.local();
    const { add, mul } = f32x4;
    return [
      ...io.store('zOut', gate(fn, add(io.load('zIn'), io.load('zProjection')), hard)),
      ...assign(r, gate(fn, add(io.load('rIn'), io.load('rProjection')), hard)),
      ...io.store('rOut', $(r)),
      ...io.store('resetState', mul($(r), io.load('previous'))),
    ];
  },
  cpu: (rows, cols, io) => {
    const { zIn, rIn, zProjection, rProjection, previous, zOut, rOut, resetState } = io;
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < cols; j += 1) {
        const z = gateActivation(
          zIn.data[zIn.at + s * zIn.stride + j]! +
            zProjection.data[zProjection.at + s * zProjection.stride + j]!,
          hard,
        );
        const r = gateActivation(
          rIn.data[rIn.at + s * rIn.stride + j]! +
            rProjection.data[rProjection.at + s * rProjection.stride + j]!,
          hard,
        );
        zOut.data[zOut.at + s * zOut.stride + j] = z;
        rOut.data[rOut.at + s * rOut.stride + j] = r;
        resetState.data[resetState.at + s * resetState.stride + j] =
          r * previous.data[previous.at + s * previous.stride + j]!;
      }
    }
  },
});

/** Forward, phase 1: c = act(recurrent + projection), h = c + z (h_{t-1} - c). */
const forwardState = (
  tanh: boolean,
): CellStage<
  'candidateIn' | 'candidateProjection' | 'z' | 'previous' | 'candidateOut' | 'state'
> => ({
  name: 'forwardState',
  streams: {
    candidateIn: role.recurrent(H),
    candidateProjection: role.projection(H),
    z: role.saved(Z),
    previous: role.previous(STATE),
    candidateOut: role.saved(H),
    state: role.state(STATE),
  },
  simd: (fn, io) => {
    const c = fn.local();
    const { add, mul, sub } = f32x4;
    const x = add(io.load('candidateIn'), io.load('candidateProjection'));
    return [
      ...assign(c, tanh ? simdTanh(fn, x) : x),
      ...io.store('candidateOut', $(c)),
      ...io.store('state', add($(c), mul(io.load('z'), sub(io.load('previous'), $(c))))),
    ];
  },
  cpu: (rows, cols, io) => {
    const { candidateIn, candidateProjection, z, previous, candidateOut, state } = io;
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < cols; j += 1) {
        const x =
          candidateIn.data[candidateIn.at + s * candidateIn.stride + j]! +
          candidateProjection.data[candidateProjection.at + s * candidateProjection.stride + j]!;
        const c = tanh ? Math.tanh(x) : x;
        candidateOut.data[candidateOut.at + s * candidateOut.stride + j] = c;
        state.data[state.at + s * state.stride + j] =
          c +
          z.data[z.at + s * z.stride + j]! *
            (previous.data[previous.at + s * previous.stride + j]! - c);
      }
    }
  },
});

/**
 * Backward, phase 1: with dh = carried + fromProduct, the candidate's and the update gate's
 * pre-activation gradients (each stored twice: the product's operand and the projection
 * gradient), r · h_{t-1} for the kernel gradient, and carried = dh · z.
 */
const backwardUpdate = (
  tanh: boolean,
  hard: boolean,
): CellStage<
  | 'z'
  | 'r'
  | 'candidate'
  | 'previous'
  | 'carried'
  | 'fromGates'
  | 'candidateGradient'
  | 'candidateProjectionGradient'
  | 'updateGradient'
  | 'updateProjectionGradient'
  | 'resetState'
> => ({
  name: 'backwardUpdate',
  streams: {
    z: role.saved(Z),
    r: role.saved(R),
    candidate: role.saved(H),
    previous: role.previous(STATE),
    carried: role.carried(STATE),
    fromGates: role.fromProduct(),
    candidateGradient: role.blockGradient(H),
    candidateProjectionGradient: role.projectionGradient(H),
    updateGradient: role.blockGradient(Z),
    updateProjectionGradient: role.projectionGradient(Z),
    resetState: role.operand(1),
  },
  simd: (fn, io) => {
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
    return [
      ...assign(z, io.load('z')),
      ...assign(c, io.load('candidate')),
      ...assign(h, io.load('previous')),
      ...assign(dh, add(io.load('carried'), io.load('fromGates'))),
      ...assign(dc, tanh ? mul(dhTimesOneMinusZ, tanhDerivative(fn, $(c))) : dhTimesOneMinusZ),
      ...assign(dz, mul(mul($(dh), sub($(h), $(c))), gateDerivative(fn, $(z), hard))),
      ...io.store('candidateGradient', $(dc)),
      ...io.store('candidateProjectionGradient', $(dc)),
      ...io.store('updateGradient', $(dz)),
      ...io.store('updateProjectionGradient', $(dz)),
      ...io.store('resetState', mul(io.load('r'), $(h))),
      ...io.store('carried', mul($(dh), $(z))),
    ];
  },
  cpu: (rows, cols, io) => {
    const at = (name: keyof typeof io, s: number, j: number) =>
      io[name].at + s * io[name].stride + j;
    const read = (name: keyof typeof io, s: number, j: number) => io[name].data[at(name, s, j)]!;
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < cols; j += 1) {
        const z = read('z', s, j);
        const c = read('candidate', s, j);
        const h = read('previous', s, j);
        const dh = read('carried', s, j) + read('fromGates', s, j);
        const dCandidate = dh * (1 - z) * candidateDerivative(c, tanh);
        const dUpdate = dh * (h - c) * gateSlope(z, hard);
        io.candidateGradient.data[at('candidateGradient', s, j)] = dCandidate;
        io.candidateProjectionGradient.data[at('candidateProjectionGradient', s, j)] = dCandidate;
        io.updateGradient.data[at('updateGradient', s, j)] = dUpdate;
        io.updateProjectionGradient.data[at('updateProjectionGradient', s, j)] = dUpdate;
        io.resetState.data[at('resetState', s, j)] = read('r', s, j) * h;
        io.carried.data[at('carried', s, j)] = dh * z;
      }
    }
  },
});

/**
 * Backward, phase 0: from d(r · h_{t-1}) (the candidate product's transpose), the reset gate's
 * gradient (stored twice) and carried += d(r · h_{t-1}) · r.
 */
const backwardReset = (
  hard: boolean,
): CellStage<
  'r' | 'previous' | 'resetStateGradient' | 'carried' | 'resetGradient' | 'resetProjectionGradient'
> => ({
  name: 'backwardReset',
  streams: {
    r: role.saved(R),
    previous: role.previous(STATE),
    resetStateGradient: role.operandGradient(1),
    carried: role.carried(STATE),
    resetGradient: role.blockGradient(R),
    resetProjectionGradient: role.projectionGradient(R),
  },
  simd: (fn, io) => {
    const [r, d, dr] = [fn.local(), fn.local(), fn.local()];
    const { add, mul } = f32x4;
    return [
      ...assign(r, io.load('r')),
      ...assign(d, io.load('resetStateGradient')),
      ...assign(dr, mul(mul($(d), io.load('previous')), gateDerivative(fn, $(r), hard))),
      ...io.store('resetGradient', $(dr)),
      ...io.store('resetProjectionGradient', $(dr)),
      ...io.store('carried', add(io.load('carried'), mul($(d), $(r)))),
    ];
  },
  cpu: (rows, cols, io) => {
    const at = (name: keyof typeof io, s: number, j: number) =>
      io[name].at + s * io[name].stride + j;
    const read = (name: keyof typeof io, s: number, j: number) => io[name].data[at(name, s, j)]!;
    for (let s = 0; s < rows; s += 1) {
      for (let j = 0; j < cols; j += 1) {
        const r = read('r', s, j);
        const dResetState = read('resetStateGradient', s, j);
        const dReset = dResetState * read('previous', s, j) * gateSlope(r, hard);
        io.resetGradient.data[at('resetGradient', s, j)] = dReset;
        io.resetProjectionGradient.data[at('resetProjectionGradient', s, j)] = dReset;
        io.carried.data[at('carried', s, j)] = read('carried', s, j) + dResetState * r;
      }
    }
  },
});

/** The GRU step as tfjs ops (the reference, and the path for custom activations). */
export function gruOpsStep(
  activation: ElementwiseFunction,
  recurrentActivation: ElementwiseFunction,
): OpsStep {
  return ({ projection: [xz, xr, xh], previous: [h], recurrentKernel: [uz, ur, uh] }) => {
    const z = recurrentActivation(tf.add(xz!, tf.matMul(h!, uz!)));
    const r = recurrentActivation(tf.add(xr!, tf.matMul(h!, ur!)));
    const candidate = activation(tf.add(xh!, tf.matMul(tf.mul(r, h!), uh!)));
    // h = z * h_prev + (1 - z) * candidate
    return [tf.add(candidate, tf.mul(z, tf.sub(h!, candidate))) as tf.Tensor2D];
  };
}

const cells = new Map<string, GatedCell>();

/** The GRU's description with these activations (one object per pair). */
export function gruCell(
  activation: FusedActivation = 'linear',
  recurrentActivation: FusedRecurrentActivation = 'sigmoid',
): GatedCell {
  const key = `srnn.gru:${activation}:${recurrentActivation}`;
  let cell = cells.get(key);
  if (cell === undefined) {
    const tanh = activation === 'tanh';
    const hard = recurrentActivation === 'hardSigmoid';
    cell = {
      key,
      inputBlocks: 3,
      recurrentBlocks: 3,
      savedBlocks: 3,
      stateParts: ['h'],
      phases: [
        {
          blocks: { first: Z, count: 2 },
          forward: forwardGates(hard),
          backward: backwardReset(hard),
        },
        {
          blocks: { first: H, count: 1 },
          forward: forwardState(tanh),
          backward: backwardUpdate(tanh, hard),
        },
      ],
      ops: gruOpsStep(tensorActivation(activation), tensorActivation(recurrentActivation)),
    };
    cells.set(key, cell);
  }
  return cell;
}
