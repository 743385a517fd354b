import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { activationFlags } from './activation-math';
import type { CpuBackendInternals, WasmBackendInternals } from './backend-internals';
import { cpuBackwardStages, cpuForwardStages } from './cpu-stages';
import { runGruBackward } from './gru-backward-loop';
import type { GruDimensions } from './gru-dimensions';
import { runGruForward } from './gru-forward-loop';
import type { GruKernelAttrs } from './gru-kernel-attrs';
import { sharedBackward, sharedForward } from './sequence-shares';
import { requireSimd, wasmSimd } from './wasm-gru';

/** Kernel names in tfjs's registry. */
export const GRU_FORWARD_KERNEL = 'SrnnGruSequence';
export const GRU_BACKWARD_KERNEL = 'SrnnGruSequenceGrad';

/** Backends with fused kernels; others run the same math as tfjs ops. */
export const FUSED_BACKENDS = ['cpu', 'wasm'] as const;

export type { GruKernelAttrs } from './gru-kernel-attrs';

function dimensionsOf(projectionShape: number[], timeMajor: boolean, units: number): GruDimensions {
  const [first, second] = projectionShape as [number, number];
  return timeMajor
    ? { steps: first, sequences: second, units, timeMajor }
    : { steps: second, sequences: first, units, timeMajor };
}

function input(inputs: Record<string, TensorInfo | undefined>, name: string): TensorInfo {
  const info = inputs[name];
  if (info === undefined) throw new Error(`${GRU_FORWARD_KERNEL}: missing input '${name}'`);
  return info;
}

function cpuValues(backend: CpuBackendInternals, info: TensorInfo, name: string): Float32Array {
  const values = backend.data.get(info.dataId).values;
  if (!(values instanceof Float32Array)) {
    throw new Error(`${GRU_FORWARD_KERNEL}: input '${name}' holds no float32 values on cpu`);
  }
  return values;
}

const cpuForward: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendInternals;
  const a = attrs as unknown as GruKernelAttrs;
  const projection = input(inputs, 'projection');
  const kernel = input(inputs, 'recurrentKernel');
  const d = dimensionsOf(projection.shape, a.timeMajor, kernel.shape[0]!);
  const { steps: T, sequences: S, units: U } = d;
  const arrays = {
    projection: cpuValues(cpu, projection, 'projection'),
    states: new Float32Array(T * S * U),
    gates: new Float32Array(T * S * 3 * U),
  };
  const flags = activationFlags(a.activation, a.recurrentActivation);
  const kernelValues = cpuValues(cpu, kernel, 'recurrentKernel');
  runGruForward(T, cpuForwardStages(d, arrays, kernelValues, flags));
  const last = arrays.states.slice((T - 1) * S * U);
  return [
    cpu.makeTensorInfo([S, U], 'float32', last),
    cpu.makeTensorInfo([T, S, U], 'float32', arrays.states),
    cpu.makeTensorInfo([T, S, 3 * U], 'float32', arrays.gates),
  ];
};

const cpuBackward: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendInternals;
  const a = attrs as unknown as GruKernelAttrs;
  const states = input(inputs, 'states');
  const kernel = input(inputs, 'recurrentKernel');
  const [T, S, U] = states.shape as [number, number, number];
  const d: GruDimensions = { steps: T, sequences: S, units: U, timeMajor: a.timeMajor };
  const arrays = {
    lastStateGradient: cpuValues(cpu, input(inputs, 'lastStateGradient'), 'lastStateGradient'),
    states: cpuValues(cpu, states, 'states'),
    gates: cpuValues(cpu, input(inputs, 'gates'), 'gates'),
    projectionGradient: new Float32Array(T * S * 3 * U),
    kernelGradient: new Float32Array(U * 3 * U),
  };
  const flags = activationFlags(a.activation, a.recurrentActivation);
  const kernelValues = cpuValues(cpu, kernel, 'recurrentKernel');
  runGruBackward(T, cpuBackwardStages(d, arrays, kernelValues, flags));
  const projectionShape = a.timeMajor ? [T, S, 3 * U] : [S, T, 3 * U];
  return [
    cpu.makeTensorInfo(projectionShape, 'float32', arrays.projectionGradient),
    cpu.makeTensorInfo([U, 3 * U], 'float32', arrays.kernelGradient),
  ];
};

const wasmForward: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as unknown as WasmBackendInternals;
  requireSimd(wasm);
  const a = attrs as unknown as GruKernelAttrs;
  const projection = input(inputs, 'projection');
  const kernel = input(inputs, 'recurrentKernel');
  const d = dimensionsOf(projection.shape, a.timeMajor, kernel.shape[0]!);
  const { steps: T, sequences: S, units: U } = d;
  const outputs = {
    lastState: wasm.makeOutput([S, U], 'float32'),
    states: wasm.makeOutput([T, S, U], 'float32'),
    gates: wasm.makeOutput([T, S, 3 * U], 'float32'),
  };
  try {
    sharedForward(wasm, d, a, projection, kernel, outputs);
  } catch (error) {
    for (const info of Object.values(outputs)) wasm.disposeData(info.dataId);
    throw error;
  }
  return [outputs.lastState, outputs.states, outputs.gates];
};

const wasmBackward: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as unknown as WasmBackendInternals;
  requireSimd(wasm);
  const a = attrs as unknown as GruKernelAttrs;
  const states = input(inputs, 'states');
  const [T, S, U] = states.shape as [number, number, number];
  const d: GruDimensions = { steps: T, sequences: S, units: U, timeMajor: a.timeMajor };
  const outputs = {
    projectionGradient: wasm.makeOutput(a.timeMajor ? [T, S, 3 * U] : [S, T, 3 * U], 'float32'),
    kernelGradient: wasm.makeOutput([U, 3 * U], 'float32'),
  };
  const saved = {
    lastStateGradient: input(inputs, 'lastStateGradient'),
    states,
    gates: input(inputs, 'gates'),
    kernel: input(inputs, 'recurrentKernel'),
  };
  try {
    sharedBackward(wasm, d, a, saved, outputs);
  } catch (error) {
    for (const info of Object.values(outputs)) wasm.disposeData(info.dataId);
    throw error;
  }
  return [outputs.projectionGradient, outputs.kernelGradient];
};

const KERNELS: Record<(typeof FUSED_BACKENDS)[number], [KernelFunc, KernelFunc]> = {
  cpu: [cpuForward, cpuBackward],
  wasm: [wasmForward, wasmBackward],
};

/** Registers both kernels for cpu and wasm (idempotent; the backends need not be loaded yet). */
export function registerGruKernels(): void {
  for (const backendName of FUSED_BACKENDS) {
    const [forward, backward] = KERNELS[backendName];
    if (tf.getKernel(GRU_FORWARD_KERNEL, backendName) === undefined) {
      tf.registerKernel({ kernelName: GRU_FORWARD_KERNEL, backendName, kernelFunc: forward });
    }
    if (tf.getKernel(GRU_BACKWARD_KERNEL, backendName) === undefined) {
      tf.registerKernel({ kernelName: GRU_BACKWARD_KERNEL, backendName, kernelFunc: backward });
    }
  }
}

/** Whether the active backend has the fused kernels (on wasm: with WebAssembly SIMD). */
export function fusedGruAvailable(): boolean {
  const name = tf.getBackend();
  if (name === 'wasm') return wasmSimd(tf.backend() as unknown as WasmBackendInternals) !== null;
  return (FUSED_BACKENDS as readonly string[]).includes(name);
}

/** Runs the forward kernel: [last state, all states, all gates]. */
export function runForwardKernel(
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  attrs: GruKernelAttrs,
): [tf.Tensor2D, tf.Tensor3D, tf.Tensor3D] {
  return tf
    .engine()
    .runKernel(
      GRU_FORWARD_KERNEL,
      { projection, recurrentKernel },
      attrs as unknown as NamedAttrMap,
    ) as [tf.Tensor2D, tf.Tensor3D, tf.Tensor3D];
}

/** Runs the backward kernel: [projection gradient, recurrent kernel gradient]. */
export function runBackwardKernel(
  saved: {
    lastStateGradient: tf.Tensor2D;
    states: tf.Tensor3D;
    gates: tf.Tensor3D;
    recurrentKernel: tf.Tensor2D;
  },
  attrs: GruKernelAttrs,
): [tf.Tensor3D, tf.Tensor2D] {
  return tf
    .engine()
    .runKernel(GRU_BACKWARD_KERNEL, { ...saved }, attrs as unknown as NamedAttrMap) as [
    tf.Tensor3D,
    tf.Tensor2D,
  ];
}
