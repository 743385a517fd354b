// The published bundles (ESM and CommonJS, as built in dist/) find their worker tasks file and
// share a large recurrence with a worker thread. Run in a child process, as a user would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const packageDir = join(__dirname, '..');

// 2,048 sequences x 8 steps x 50 units: 245 MFLOP, above the sharing threshold.
const body = `
  await selectBackend({ backend: 'wasm', threads: 2, log: () => {} });
  await startProductWorkers();
  const p = tf.randomUniform([2048, 8, 150]);
  const k = tf.randomUniform([50, 150]);
  tf.grads((a, b) => tf.sum(gruSequenceLastState(a, b)))([p, k]);
  console.log(JSON.stringify({ shares: recurrenceWorkerShares() }));
  process.exit(0);
`;

const scripts = {
  'check.mjs': `import * as tf from '@tensorflow/tfjs';
import { selectBackend, startProductWorkers } from '@srnn/backend';
import { gruSequenceLastState } from '@srnn/recurrence';
import { recurrenceWorkerShares } from '@srnn/recurrence/testing';
${body}`,
  'check.cjs': `const tf = require('@tensorflow/tfjs');
const { selectBackend, startProductWorkers } = require('@srnn/backend');
const { gruSequenceLastState } = require('@srnn/recurrence');
const { recurrenceWorkerShares } = require('@srnn/recurrence/testing');
(async () => {${body}})();`,
};

describe('the built bundles share recurrences with a worker thread', () => {
  let folder: string;
  beforeAll(() => {
    if (!existsSync(join(packageDir, 'dist', 'worker-tasks.cjs'))) {
      throw new Error(
        'dist/worker-tasks.cjs is missing: build @srnn/recurrence first (pnpm build)',
      );
    }
    // Inside the package, so that '@srnn/recurrence' resolves to this package's dist.
    folder = mkdtempSync(join(packageDir, '.test-bundle-'));
    for (const [name, text] of Object.entries(scripts)) writeFileSync(join(folder, name), text);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each(Object.keys(scripts))('%s: forward and backward each ran a worker share', (name) => {
    const run = spawnSync(process.execPath, [join(folder, name)], {
      encoding: 'utf8',
      env: { ...process.env, SRNN_THREADS: '2' },
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const last = run.stdout.trim().split('\n').pop()!;
    expect(JSON.parse(last)).toEqual({ shares: 2 });
  });
});
