import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { KERNEL_FIXES, registerKernelFixes } from './register-kernel-fixes';

/**
 * Switches a backend between its stock kernels and this package's fixes, so one run can time
 * both. Must be created before the fixes are first registered, to capture the stock kernels.
 */
export class KernelSwap {
  private readonly stock = new Map<string, KernelConfig | undefined>();

  constructor(private readonly backend: string) {
    for (const fix of KERNEL_FIXES.filter((f) => f.backendName === backend)) {
      const found = tf.getKernelsForBackend(backend).find((k) => k.kernelName === fix.kernelName);
      this.stock.set(fix.kernelName, found);
    }
  }

  /** Puts the backend's own kernels back (removing kernels it never had). */
  useStock(): void {
    for (const [kernelName, config] of this.stock) {
      const current = tf
        .getKernelsForBackend(this.backend)
        .find((k) => k.kernelName === kernelName);
      if (current === config) continue;
      if (current !== undefined) tf.unregisterKernel(kernelName, this.backend);
      if (config !== undefined) tf.registerKernel(config);
    }
  }

  /** Registers this package's fixes. */
  useFixes(): void {
    registerKernelFixes(this.backend);
  }

  /** True when the backend has a stock kernel of this name. */
  hasStock(kernelName: string): boolean {
    return this.stock.get(kernelName) !== undefined;
  }
}
