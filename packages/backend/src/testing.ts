/**
 * @packageDocumentation
 * Hooks and counters for tests and benchmarks (`@srnn/backend/testing`): the kernel fix table,
 * switching a backend between its stock kernels and the fixes, what the product workers did, and
 * faults to inject into them.
 */
export { KERNEL_FIXES } from './register-kernel-fixes';
export { KernelSwap } from './kernel-swap';
export {
  MIN_SPLIT_FLOPS,
  PRODUCT_WORKER_WEIGHT,
  productWorkerShares,
  setMinSplitFlops,
  setProductWorkerWeight,
} from './kernels/parallel/split-products';
export {
  injectWorkerFault,
  readyProductWorkers,
  type WorkerFault,
} from './kernels/parallel/product-workers';
export { shareCounts, type ShareCounts } from './kernels/parallel/run-shares';
