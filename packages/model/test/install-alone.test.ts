// [slow, about 30-60 s] @srnn/model installs alone: builds and packs it and every workspace package
// it depends on with pnpm, installs the tarballs with plain npm into a fresh project (tfjs from
// npm's cache when it is there), then imports @srnn/model from ESM and CommonJS and trains a few
// steps. Runs in CI (CI set) and on request (`pnpm test:install` or SRNN_INSTALL_TEST=1); skipped
// otherwise to keep local runs fast.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repositoryRoot = resolve(__dirname, '../../..');
/** @srnn/model and every workspace package it depends on, found from the package.json files. */
function workspaceClosure(name: string, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [...seen];
  seen.add(name);
  const manifest = JSON.parse(
    readFileSync(join(repositoryRoot, 'packages', name, 'package.json'), 'utf8'),
  ) as { dependencies?: Record<string, string> };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    if (dependency.startsWith('@srnn/')) workspaceClosure(dependency.slice('@srnn/'.length), seen);
  }
  return [...seen];
}
const packed = workspaceClosure('model');
const run = (command: string, args: string[], cwd: string): string =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const trainScript = `
import * as tf from '@tensorflow/tfjs';
import { buildClassifier, listCells } from '@srnn/model';
const model = buildClassifier({ vocabularySize: 20, embeddingDim: 4, units: 4, classes: 2, maxLength: 8, slicing: 'SRNN(2,2)', seed: 1 });
model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
const ids = tf.tensor2d(Array.from({ length: 32 }, (_, r) => Array.from({ length: 8 }, (_, t) => (r * 7 + t * 3) % 20)), undefined, 'int32');
const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, r) => r % 2), 'int32'), 2);
const history = await model.fit(ids, labels, { epochs: 5, batchSize: 8, verbose: 0 });
console.log(JSON.stringify({ cells: listCells(), losses: history.history.loss }));
`;
const requireScript = `
const { SlicedRNN, buildClassifier } = require('@srnn/model');
const { cellConformanceChecks } = require('@srnn/model/testing');
console.log(JSON.stringify({ layer: SlicedRNN.className, builder: typeof buildClassifier, kit: typeof cellConformanceChecks }));
`;

const describeSlow =
  process.env['SRNN_INSTALL_TEST'] === '1' || Boolean(process.env['CI']) ? describe : describe.skip;

describeSlow('[slow] @srnn/model installs alone with npm', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'srnn-install-'));
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('packs, installs into a fresh project, imports (ESM and CJS) and trains', () => {
    run('pnpm', ['--filter', '@srnn/model...', 'build'], repositoryRoot);
    for (const name of packed) {
      run('pnpm', ['pack', '--pack-destination', project], join(repositoryRoot, 'packages', name));
    }
    const tarballs = readdirSync(project).filter((file) => file.endsWith('.tgz'));
    expect(tarballs).toHaveLength(packed.length);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'srnn-install-check',
        version: '1.0.0',
        private: true,
        type: 'module',
      }),
    );
    const install = () =>
      run(
        'npm',
        [
          'install',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
          '@tensorflow/tfjs@4.22.0',
          ...tarballs.map((t) => `./${t}`),
        ],
        project,
      );
    // The registry is the one thing here outside the project: one retry rides out a dropped
    // connection; a second failure is reported with npm's own message.
    try {
      install();
    } catch {
      install();
    }
    writeFileSync(join(project, 'train.mjs'), trainScript);
    writeFileSync(join(project, 'require.cjs'), requireScript);

    const trained = JSON.parse(run('node', ['train.mjs'], project).trim().split('\n').pop()!);
    expect(trained.cells).toContain('gru');
    expect(trained.losses).toHaveLength(5);
    expect(trained.losses[4]).toBeLessThan(trained.losses[0]);

    const required = JSON.parse(run('node', ['require.cjs'], project).trim().split('\n').pop()!);
    expect(required).toEqual({ layer: 'SlicedRNN', builder: 'function', kit: 'function' });
  }, 240000);
});
