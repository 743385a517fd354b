// The published bundles (ESM and CommonJS, built here with the package's own tsup config) start
// product worker threads. The CommonJS bundle once could not: it had no import.meta.url to find
// the wasm backend with, and every product silently ran on one thread.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const packageDir = resolve(__dirname, '..');
let outDir: string;

beforeAll(() => {
  // Inside the package, so that the bundle finds @tensorflow/* as an installed copy would.
  outDir = mkdtempSync(join(packageDir, '.test-bundle-'));
  execFileSync('pnpm', ['exec', 'tsup', '--out-dir', outDir, '--no-dts'], {
    cwd: packageDir,
    stdio: 'pipe',
  });
}, 120000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const check = `
  await backend.selectBackend({ backend: 'wasm', threads: 2, log: () => {} });
  const ready = await backend.startProductWorkers();
  // A weight-gradient-sized Aᵀ·B (100 MFLOP): the worker takes a share and sums it with the SIMD
  // tiles, whose driver it runs from the bundle's own source text.
  const x = tf.randomNormal([16384, 64]);
  const dy = tf.randomNormal([16384, 48]);
  tf.matMul(x, dy, true, false).dataSync();
  // An input-projection-sized A·B: the worker runs the packed-product tiles, also from the
  // bundle's source text; a share that failed there would have run here (afterFailure).
  tf.matMul(x, tf.randomNormal([64, 48])).dataSync();
  const { transposedLeftWithSimd } = testing.productWorkerShares();
  const { byWorkers, afterFailure } = testing.shareCounts();
  console.log(JSON.stringify({ ready, threads: backend.productThreads(), transposedLeftWithSimd, byWorkers, afterFailure }));
  process.exit(0);
`;

it.each([
  [
    'CommonJS',
    `const tf = require('@tensorflow/tfjs'); const backend = require(${JSON.stringify('OUT/node.cjs')}); const testing = require(${JSON.stringify('OUT/testing.cjs')}); (async () => {${check}})();`,
    [],
  ],
  [
    'ESM',
    `const tf = await import('@tensorflow/tfjs'); const backend = await import(${JSON.stringify('OUT/node.js')}); const testing = await import(${JSON.stringify('OUT/testing.js')});${check}`,
    ['--input-type=module'],
  ],
])('the %s bundle starts a product worker', (_name, source, flags) => {
  const script = source.replaceAll('OUT', outDir);
  const output = execFileSync(process.execPath, [...flags, '-e', script], {
    cwd: packageDir,
    encoding: 'utf8',
    env: { ...process.env, SRNN_THREADS: '' },
  });
  expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({
    ready: 1,
    threads: 2,
    transposedLeftWithSimd: 1,
    byWorkers: 2,
    afterFailure: 0,
  });
});
