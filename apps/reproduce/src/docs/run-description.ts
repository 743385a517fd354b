/**
 * The sentence printed beside generated figures: when and where they were measured, and how busy
 * the machine was, so that a reader can weigh them.
 */
import { grouped } from './markdown';

export interface RunDescription {
  machine: {
    cpuModel: string;
    cores: number;
    memoryBytes: number;
    platform: string;
    arch: string;
    nodeVersion: string;
    tfVersion: string;
  };
  conditions: { startedAt: string; seconds: number; loadAverageAtStart: number[] };
  /** The backend line of the run, e.g. 'backend: wasm (SIMD, 1 thread; ...) — passed over ...'. */
  backend: string;
}

/** '2026-12-06 12:40 UTC' from an ISO time. */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Minutes with one decimal, or seconds under a minute. */
export function duration(seconds: number): string {
  return seconds < 60 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} minutes`;
}

export function describeRun(command: string, run: RunDescription): string {
  const { machine, conditions } = run;
  const backend = run.backend.replace(/^backend: /, '').split(' — ')[0]!;
  const load = conditions.loadAverageAtStart[0]!;
  const busy =
    load >= machine.cores
      ? `, so other work was competing for the ${machine.cores} cores: figures from a quieter machine will be lower`
      : '';
  return (
    `Measured by \`${command}\` started ${utcMinute(conditions.startedAt)} on ${machine.cpuModel} ` +
    `(${machine.cores} cores, ${grouped(machine.memoryBytes / 2 ** 30, 1)} GiB), ${machine.platform} ` +
    `${machine.arch}, Node.js ${machine.nodeVersion.replace(/^v/, '')}, TensorFlow.js ${machine.tfVersion}, ` +
    `backend ${backend}. The run took ${duration(conditions.seconds)} by its own clock; the load ` +
    `average was ${load.toFixed(1)} when it started${busy}.`
  );
}
