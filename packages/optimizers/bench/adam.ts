// Median milliseconds per Adam update of a [30001, 200] embedding plus a GRU's and a classifier's
// small variables: tf.train.adam against FusedAdam, side by side, on each backend.
// Usage: pnpm bench [--backends wasm,cpu] [--reps 15]
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { fusedAdam } from '../src/index';

const SHAPES: number[][] = [[30001, 200], [200, 150], [50, 150], [150], [50, 2], [2]];

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Row {
  backend: string;
  parameters: number;
  reps: number;
  tfAdamMs: number;
  fusedAdamMs: number;
  speedup: number;
  maxRelativeDifference: number;
}

function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = b[i] as number;
    worst = Math.max(worst, Math.abs((a[i] as number) - e) / Math.max(Math.abs(e), 1e-12));
  }
  return worst;
}

async function benchBackend(backend: 'wasm' | 'cpu', reps: number): Promise<Row> {
  await selectBackend({ backend, log: () => undefined });
  const gradients = SHAPES.map((shape) => tf.randomNormal(shape, 0, 0.01, 'float32', 1));
  const initial = SHAPES.map((shape) => tf.randomUniform(shape, -0.05, 0.05, 'float32', 2));
  const makeVariables = (tag: string): tf.Variable[] =>
    initial.map((t, i) => tf.variable(t.clone(), true, `${tag}/${backend}/w${i}`));
  const contenders = [
    {
      name: 'tf.train.adam',
      optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-8),
      vars: makeVariables('tf'),
    },
    {
      name: 'FusedAdam',
      optimizer: fusedAdam(0.001, 0.9, 0.999, 1e-8),
      vars: makeVariables('fused'),
    },
  ];
  const times: number[][] = [[], []];
  // Two warm-up updates each, then alternate so both see the same machine load.
  for (let rep = -2; rep < reps; rep++) {
    contenders.forEach((c, k) => {
      const grads = c.vars.map((v, i) => ({ name: v.name, tensor: gradients[i]! }));
      const start = performance.now();
      c.optimizer.applyGradients(grads);
      const elapsed = performance.now() - start;
      if (rep >= 0) times[k]!.push(elapsed);
    });
  }
  let worst = 0;
  contenders[0]!.vars.forEach((v, i) => {
    worst = Math.max(
      worst,
      maxRelativeDifference(contenders[1]!.vars[i]!.dataSync(), v.dataSync()),
    );
  });
  const row: Row = {
    backend,
    parameters: SHAPES.reduce((n, s) => n + tf.util.sizeFromShape(s), 0),
    reps,
    tfAdamMs: median(times[0]!),
    fusedAdamMs: median(times[1]!),
    speedup: median(times[0]!) / median(times[1]!),
    maxRelativeDifference: worst,
  };
  contenders.forEach((c) => {
    c.optimizer.dispose();
    tf.dispose(c.vars);
  });
  tf.dispose([...gradients, ...initial]);
  return row;
}

async function main(): Promise<void> {
  const backends = argument('backends', 'wasm,cpu').split(',') as ('wasm' | 'cpu')[];
  const reps = Number(argument('reps', '15'));
  const rows: Row[] = [];
  for (const backend of backends) rows.push(await benchBackend(backend, reps));
  console.log(`Adam update, variables ${SHAPES.map((s) => `[${s.join(',')}]`).join(' ')}`);
  console.log(
    '| backend | parameters | tf.train.adam ms | FusedAdam ms | speed-up | max rel. diff |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.backend} | ${r.parameters} | ${r.tfAdamMs.toFixed(1)} | ${r.fusedAdamMs.toFixed(1)} | ` +
        `${r.speedup.toFixed(2)}x | ${r.maxRelativeDifference.toExponential(1)} |`,
    );
  }
  console.log(JSON.stringify({ bench: 'adam', shapes: SHAPES, rows }));
}

void main();
