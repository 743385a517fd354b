/**
 * @packageDocumentation
 * Picks the fastest TensorFlow.js backend that loads (tfjs-node-gpu, tfjs-node, wasm, cpu), says
 * which it chose and why the others were passed over, and registers the kernels a backend lacks
 * or runs slowly.
 *
 * This is the default entry, free of Node.js modules (browsers, bundlers); under Node.js the
 * `node` export condition loads ./node.ts instead, which adds worker threads.
 */
export { selectBackend } from './select-backend';
export type { BackendChoice, SelectBackendOptions } from './select-backend';
export { BACKEND_NAMES, BACKEND_ENV_VAR, KERNEL_FIXES_ENV_VAR } from './backend-name';
export type { BackendName } from './backend-name';
export { registerKernelFixes, activeKernelFixes } from './register-kernel-fixes';
export type { KernelFix } from './register-kernel-fixes';
export {
  THREADS_ENV_VAR,
  productThreads,
  setProductThreads,
  startProductWorkers,
  stopProductWorkers,
  workersForRows,
} from './kernels/parallel/product-workers';
export type { ProductWorker, WorkerTask } from './kernels/parallel/product-workers';
export { registerWorkerTasks, workerTasksFor } from './kernels/parallel/worker-tasks-registry';
export { rowShares } from './kernels/parallel/split-products';
export {
  enableRelaxedSimd,
  MULTIPLY_ADD_ENV_VAR,
  relaxedMultiplyAdd,
  setMultiplyAdd,
} from './kernels/multiply-add';
export type { MultiplyAddMode } from './kernels/multiply-add';
export { runShares } from './kernels/parallel/run-shares';
export type { Share, SharedWork } from './kernels/parallel/run-shares';
