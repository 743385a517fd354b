// Under Node.js, tfjs's own `file://` URLs reach the file-system handler (registered by the Node
// entry), once per process even with both builds loaded, and never beside another file:// handler.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@srnn/model/node';

const packageDir = resolve(__dirname, '..');

/** Runs a script with the built package (dist) in a fresh Node process; returns its last line. */
function runBuilt(source: string, esm: boolean): unknown {
  const output = execFileSync(
    process.execPath,
    [...(esm ? ['--input-type=module'] : []), '-e', source],
    { cwd: packageDir, encoding: 'utf8' },
  );
  return JSON.parse(output.trim().split('\n').pop()!);
}

describe('file:// URLs in this process (sources)', () => {
  let directory: string;
  beforeAll(() => {
    directory = join(mkdtempSync(join(tmpdir(), 'srnn-file-router-')), 'model');
  });
  afterAll(() => rmSync(join(directory, '..'), { recursive: true, force: true }));

  it('model.save and tf.loadLayersModel work with file:// and keep the weights', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2] })] });
    model.setWeights([tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor1d([5, 6])]);
    await model.save(`file://${directory}`);
    expect(readdirSync(directory).sort()).toEqual(['model.json', 'weights.bin']);
    for (const url of [`file://${directory}/model.json`, `file://${directory}`]) {
      const loaded = await tf.loadLayersModel(url);
      expect(Array.from(loaded.getWeights()[0]!.dataSync())).toEqual([1, 2, 3, 4]);
    }
  });
});

describe('registration with the built package', () => {
  const counts = `JSON.stringify({ save: tf.io.getSaveHandlers('file:///x').length, load: tf.io.getLoadHandlers('file:///x/model.json').length })`;

  it('registers one handler when both the ESM and the CommonJS build are loaded', () => {
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(process.cwd() + '/');
      const tf = require('@tensorflow/tfjs');
      await import('./dist/node.js');
      require('./dist/node.cjs');
      console.log(${counts});`;
    expect(runBuilt(script, true)).toEqual({ save: 1, load: 1 });
  });

  it("stands aside for a file:// handler registered before it (tfjs-node's)", () => {
    const script = `
      const tf = require('@tensorflow/tfjs');
      const other = { save: async () => ({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }), other: true };
      tf.io.registerSaveRouter((url) => (String(url).startsWith('file://') ? other : null));
      require('./dist/node.cjs');
      const handlers = tf.io.getSaveHandlers('file:///x');
      console.log(JSON.stringify({ count: handlers.length, other: handlers[0] === other }));`;
    expect(runBuilt(script, false)).toEqual({ count: 1, other: true });
  });

  it('and for one registered after it', () => {
    const script = `
      const tf = require('@tensorflow/tfjs');
      require('./dist/node.cjs');
      const other = { load: async () => ({}), other: true };
      tf.io.registerLoadRouter((url) => (String(url).startsWith('file://') ? other : null));
      const handlers = tf.io.getLoadHandlers('file:///x/model.json');
      console.log(JSON.stringify({ count: handlers.length, other: handlers[0] === other }));`;
    expect(runBuilt(script, false)).toEqual({ count: 1, other: true });
  });

  it('the default (browser) entry registers none, and says so when asked to save to a directory', () => {
    const script = `
      const tf = require('@tensorflow/tfjs');
      const model = require('./dist/index.cjs');
      model.saveClassifier(tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] }), 'somewhere')
        .then(() => console.log('{}'), (error) => console.log(JSON.stringify({ ...${counts.replace('JSON.stringify(', '').slice(0, -1)}, error: error.message })));`;
    expect(runBuilt(script, false)).toEqual({
      save: 0,
      load: 0,
      error: expect.stringContaining(
        "saveClassifier('somewhere'): saving to and loading from a directory needs Node.js's file system",
      ),
    });
  });
});
