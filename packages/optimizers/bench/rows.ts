// Median milliseconds per FusedAdam step of a [30000, 200] embedding whose gradient reaches 2,500
// rows (about a batch of 100 Amazon reviews at T = 256): the gradient given as rows
// (applyGradientsWithRows) against the dense gradient, counting the scatter that makes it (what
// tf.gather's gradient does), the two alternating in one run; then whether both tables agree.
// Usage: pnpm bench:rows [--reps 30] [--rows 2500]
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { denseGradient } from '@srnn/row-gradients';
import { fusedAdam } from '../src/index';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `--${name}: expected a whole number, 1 or more, got '${process.argv[index + 1]}'`,
    );
  }
  return value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const reps = argument('reps', 30);
  const given = argument('rows', 2500);
  await selectBackend({ backend: 'wasm', log: () => undefined });
  const [rows, width] = [30000, 200];
  const start = tf.randomUniform([rows, width], -0.05, 0.05, 'float32', 1);
  const asRows = tf.variable(start.clone(), true, 'as-rows');
  const dense = tf.variable(start.clone(), true, 'dense');
  start.dispose();
  const rowsOptimizer = fusedAdam();
  const denseOptimizer = fusedAdam();
  const ids = Int32Array.from(tf.util.createShuffledIndices(rows).slice(0, given));
  const values = tf.randomNormal([given, width], 0, 0.01, 'float32', 2) as tf.Tensor2D;
  const gradient = { ids, values };
  const times = { rows: [] as number[], dense: [] as number[] };
  for (let rep = 0; rep < reps + 1; rep += 1) {
    let started = performance.now();
    rowsOptimizer.applyGradientsWithRows([{ name: 'as-rows', rows: gradient }]);
    const rowsMs = performance.now() - started;
    started = performance.now();
    const made = denseGradient(gradient, rows);
    denseOptimizer.applyGradients([{ name: 'dense', tensor: made }]);
    const denseMs = performance.now() - started;
    made.dispose();
    // The first of each is a warm-up.
    if (rep > 0) {
      times.rows.push(rowsMs);
      times.dense.push(denseMs);
    }
  }
  const same = tf.tidy(() => tf.all(tf.equal(asRows, dense)).dataSync()[0] === 1);
  console.log(
    `\n| update of a [${rows}, ${width}] table, ${given} rows with a gradient | median ms |`,
  );
  console.log('|---|---|');
  console.log(
    `| dense gradient: scatter into zeros, then FusedAdam | ${median(times.dense).toFixed(2)} |`,
  );
  console.log(`| gradient as rows: applyGradientsWithRows | ${median(times.rows).toFixed(2)} |`);
  console.log(`\n${reps} alternating reps on wasm; the two tables equal afterwards: ${same}`);
  if (!same) process.exitCode = 1;
}

void main();
