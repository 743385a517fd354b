// A model directory is untrusted input: weights paths stay inside it, weights files are checked
// against the manifest before they are read, and saving never leaves a torn file behind.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fileSystemHandler, modelFiles } from '@srnn/model/node';

// The module object itself (not an import's copy of it), so that spies reach the handler's calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fsPromises = require('node:fs/promises') as typeof import('node:fs/promises');
const realRename = fsPromises.rename;

let directory: string;
let outside: string;

/** A small dense model with known weights: 3x2 kernel and 2 biases, 32 bytes of float32. */
function smallModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 2, inputShape: [3], useBias: true })],
  });
  model.setWeights([tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]), tf.tensor1d([7, 8])]);
  return model;
}

const readJson = (): tf.io.ModelJSON =>
  JSON.parse(fs.readFileSync(join(directory, modelFiles.topology), 'utf8')) as tf.io.ModelJSON;

/** Rewrites model.json's weightsManifest paths. */
function setPaths(paths: string[]): void {
  const json = readJson();
  json.weightsManifest[0]!.paths = paths;
  fs.writeFileSync(join(directory, modelFiles.topology), JSON.stringify(json));
}

const load = (): Promise<tf.LayersModel> => tf.loadLayersModel(fileSystemHandler(directory));

beforeEach(async () => {
  const root = fs.mkdtempSync(join(tmpdir(), 'srnn-fs-handler-'));
  directory = join(root, 'model');
  outside = join(root, 'outside.bin');
  // 32 bytes outside the directory: a path that escapes to it would load without an error.
  fs.writeFileSync(outside, new Uint8Array(32));
  await smallModel().save(fileSystemHandler(directory));
});
afterEach(() => fs.rmSync(join(directory, '..'), { recursive: true, force: true }));

describe('weights paths are confined to the model directory', () => {
  it('loads the model it saved, weights unchanged', async () => {
    const loaded = await load();
    expect(Array.from(loaded.getWeights()[0]!.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([
    ['a path up and out', '../../../../etc/passwd'],
    ['a path to a device', '../../../../dev/zero'],
    ['a path up to a file of the right size', '../outside.bin'],
    ['an absolute path', '/etc/passwd'],
  ])('refuses %s by name', async (_what, path) => {
    setPaths([path]);
    await expect(load()).rejects.toThrow(
      `${join(directory, 'model.json')}: weightsManifest[0].paths[0] is '${path}', which is outside the model's directory`,
    );
  });

  it('refuses a symbolic link that leads out of the directory', async () => {
    fs.rmSync(join(directory, modelFiles.weights));
    fs.symlinkSync(outside, join(directory, modelFiles.weights));
    await expect(load()).rejects.toThrow(
      "weightsManifest[0].paths[0] is 'weights.bin', a link to a file outside the model's directory",
    );
  });

  it('refuses a path that is not a name', async () => {
    setPaths([42 as unknown as string]);
    await expect(load()).rejects.toThrow(
      "weightsManifest[0].paths[0] must be a file name inside the model's directory",
    );
  });
});

describe('weights files are checked against the manifest before reading', () => {
  it('refuses a truncated weights file, with the sizes', async () => {
    fs.truncateSync(join(directory, modelFiles.weights), 20);
    await expect(load()).rejects.toThrow(
      "paths[0]: 'weights.bin' holds 20 bytes, but weightsManifest[0] needs 32 bytes in all",
    );
  });

  it('refuses a padded weights file without reading it', async () => {
    fs.appendFileSync(join(directory, modelFiles.weights), new Uint8Array(4));
    const read = jest.spyOn(fsPromises, 'open');
    await expect(load()).rejects.toThrow("'weights.bin' holds 36 bytes");
    // model.json was opened; weights.bin never was.
    expect(read).toHaveBeenCalled();
    expect(read.mock.calls.map(([path]) => String(path))).not.toContainEqual(
      expect.stringContaining(modelFiles.weights),
    );
    read.mockRestore();
  });

  it('refuses a weights "file" that is a folder or a FIFO (which would block a read)', async () => {
    fs.rmSync(join(directory, modelFiles.weights));
    fs.mkdirSync(join(directory, modelFiles.weights));
    await expect(load()).rejects.toThrow("'weights.bin' is not a regular file");
    fs.rmdirSync(join(directory, modelFiles.weights));
    execFileSync('mkfifo', [join(directory, modelFiles.weights)]);
    await expect(load()).rejects.toThrow("'weights.bin' is not a regular file");
  });

  it('adds the shards of a group: two files that together hold its bytes load', async () => {
    const bytes = fs.readFileSync(join(directory, modelFiles.weights));
    fs.writeFileSync(join(directory, 'part1.bin'), bytes.subarray(0, 12));
    fs.writeFileSync(join(directory, 'part2.bin'), bytes.subarray(12));
    setPaths(['part1.bin', 'part2.bin']);
    const loaded = await load();
    expect(Array.from(loaded.getWeights()[1]!.dataSync())).toEqual([7, 8]);
    // A shard too long for what is left of the group is refused.
    fs.writeFileSync(join(directory, 'part1.bin'), Buffer.concat([bytes, bytes]));
    await expect(load()).rejects.toThrow("paths[0]: 'part1.bin' holds 64 bytes");
  });

  it('refuses a weight whose dtype has no byte size, naming the field', async () => {
    const json = readJson();
    json.weightsManifest[0]!.weights[0]!.dtype = 'string';
    fs.writeFileSync(join(directory, modelFiles.topology), JSON.stringify(json));
    await expect(load()).rejects.toThrow("weightsManifest[0].weights[0] has dtype 'string'");
  });

  it('refuses a model.json that is not a regular file', async () => {
    fs.rmSync(join(directory, modelFiles.topology));
    fs.mkdirSync(join(directory, modelFiles.topology));
    await expect(load()).rejects.toThrow(`${join(directory, 'model.json')}: is not a regular file`);
  });
});

describe('saving is atomic per file', () => {
  it('leaves the old model.json whole when writing the new one fails, and no temporary files', async () => {
    const before = fs.readFileSync(join(directory, modelFiles.topology));
    const rename = jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
      if (String(to).endsWith(modelFiles.topology)) throw new Error('disk full (simulated)');
      return realRename(from, to);
    });
    const other = tf.sequential({
      layers: [tf.layers.dense({ units: 2, inputShape: [3], useBias: false, name: 'other' })],
    });
    await expect(other.save(fileSystemHandler(directory))).rejects.toThrow('disk full');
    rename.mockRestore();
    expect(fs.readFileSync(join(directory, modelFiles.topology))).toEqual(before);
    expect(fs.readdirSync(directory).sort()).toEqual([modelFiles.topology, modelFiles.weights]);
  });

  it('refuses, naming model.json, the new weights beside the old model.json of the same shapes', async () => {
    const rename = jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
      if (String(to).endsWith(modelFiles.topology)) throw new Error('killed (simulated)');
      return realRename(from, to);
    });
    // The same architecture with other weights: the sizes agree, only the bytes differ.
    const same = smallModel();
    same.setWeights([tf.fill([3, 2], 9), tf.fill([2], 9)]);
    await expect(same.save(fileSystemHandler(directory))).rejects.toThrow('killed');
    rename.mockRestore();
    await expect(load()).rejects.toThrow(
      /model\.json: srnnWeightsSha256: the weights files do not hold the weights this model\.json was saved with/,
    );
    // Saved again, it loads.
    await same.save(fileSystemHandler(directory));
    expect(Array.from((await load()).getWeights()[0]!.dataSync())).toEqual([9, 9, 9, 9, 9, 9]);
  });
});
