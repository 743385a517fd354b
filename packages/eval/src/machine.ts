import * as tf from '@tensorflow/tfjs';
import os from 'node:os';

/** The machine a figure was measured on. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly platform: string;
  readonly arch: string;
  readonly nodeVersion: string;
  /** tf.getBackend() at the time of the call. */
  readonly tfBackend: string;
  readonly tfVersion: string;
}

/** Describes this machine and the active TensorFlow.js backend, for reports. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    platform: os.platform(),
    arch: os.arch(),
    nodeVersion: process.version,
    tfBackend: tf.getBackend(),
    tfVersion: tf.version.tfjs,
  };
}
