// Saves and loads models in a directory with plain `fs` (Node.js only: the Node entry exports
// it). A model directory is untrusted input: every weights path is confined to the directory,
// every weights file is checked against the manifest before it is read, and saving replaces
// model.json and weights.bin atomically, each; model.json records the weights' SHA-256, so a save
// interrupted between the two files is refused on load, never loaded as a mix.
import { createHash } from 'node:crypto';
import { mkdir, open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { FileError, SrnnError } from '@srnn/errors';
import { writeFileAtomic } from '@srnn/files';
import { groupBytes, type WeightsGroup } from './weights-manifest-bytes';

/** File names inside a saved model's directory (the TensorFlow.js LayersModel format). */
export const modelFiles = { topology: 'model.json', weights: 'weights.bin' } as const;

/**
 * The field of model.json that records the SHA-256 of its weights (all files, in manifest order).
 * Models saved before it existed have none and load as before.
 */
export const WEIGHTS_DIGEST_FIELD = 'srnnWeightsSha256';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** model.json is topology and a manifest: far below this; a larger file is not one of ours. */
const MAX_TOPOLOGY_BYTES = 64 * 1024 * 1024;

/** Options of {@link fileSystemHandler}. */
export interface FileSystemHandlerOptions {
  /** The topology file's name in the directory; default `model.json`. */
  topology?: string;
}

/**
 * Reads a regular file of at most `maxBytes` bytes (or exactly `exactBytes`), checking the open
 * file itself, so that a device such as /dev/zero or a file swapped in after a check is never read.
 */
async function readBounded(
  path: string,
  limit: { maxBytes: number } | { exactBytes: number },
): Promise<Uint8Array> {
  if (!(await stat(path)).isFile()) throw new FileError(path, 0, 'is not a regular file');
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new FileError(path, 0, 'is not a regular file');
    if ('maxBytes' in limit && stats.size > limit.maxBytes) {
      throw new FileError(
        path,
        0,
        `holds ${stats.size} bytes, more than the ${limit.maxBytes} allowed`,
      );
    }
    if ('exactBytes' in limit && stats.size !== limit.exactBytes) {
      throw new FileError(
        path,
        0,
        `holds ${stats.size} bytes; the weights manifest needs ${limit.exactBytes}`,
      );
    }
    const bytes = new Uint8Array(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0)
        throw new FileError(path, 0, `ended after ${filled} bytes while being read`);
      filled += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/**
 * The real path of a weights file named in the manifest, refused unless it is a plain relative
 * path that stays inside the model's directory (symbolic links included).
 */
async function confinedPath(
  root: string,
  name: unknown,
  file: string,
  field: string,
): Promise<string> {
  if (typeof name !== 'string' || name === '' || name.includes('\0')) {
    throw new FileError(file, 0, `${field} must be a file name inside the model's directory`);
  }
  const escapes = (path: string): boolean => {
    const rel = relative(root, path);
    return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  };
  if (isAbsolute(name) || escapes(resolve(root, name))) {
    throw new FileError(
      file,
      0,
      `${field} is '${name}', which is outside the model's directory; weights paths must be ` +
        `relative names inside it, such as '${modelFiles.weights}'`,
    );
  }
  let real: string;
  try {
    real = await realpath(resolve(root, name));
  } catch (error) {
    throw new FileError(file, 0, `${field}: cannot open '${name}': ${(error as Error).message}`);
  }
  if (escapes(real)) {
    throw new FileError(
      file,
      0,
      `${field} is '${name}', a link to a file outside the model's directory`,
    );
  }
  return real;
}

/** The manifest's groups, checked for shape, with each group's expected byte count. */
function checkedManifest(
  manifest: unknown,
  file: string,
): { group: WeightsGroup; bytes: number }[] {
  if (!Array.isArray(manifest))
    throw new FileError(file, 0, 'weightsManifest must be a list of groups');
  return manifest.map((group: unknown, g) => {
    const where = `weightsManifest[${g}]`;
    const candidate = group as Partial<WeightsGroup> | null;
    if (candidate === null || typeof candidate !== 'object') {
      throw new FileError(file, 0, `${where} must be an object with paths and weights`);
    }
    if (!Array.isArray(candidate.paths))
      throw new FileError(file, 0, `${where}.paths must be a list of names`);
    if (!Array.isArray(candidate.weights))
      throw new FileError(file, 0, `${where}.weights must be a list`);
    const size = groupBytes(candidate as WeightsGroup, where);
    if ('error' in size) throw new FileError(file, 0, size.error);
    return { group: candidate as WeightsGroup, bytes: size.bytes };
  });
}

/**
 * A tfjs IOHandler that saves to and loads from a directory with plain `fs`: `model.json`
 * (topology, weights manifest, user-defined metadata) and one `weights.bin`, the layout
 * tfjs-node's `file://` handler and `tfjs_converter` use. Works with `model.save(handler)` and
 * `tf.loadLayersModel(handler)`; under Node.js, `model.save('file://dir')` and
 * `tf.loadLayersModel('file://dir/model.json')` route here too.
 *
 * Loading refuses, naming the file and field: weights paths outside the directory (`..`, absolute
 * paths, links that lead out), files that are not regular files, and files whose sizes disagree
 * with the manifest's shapes and dtypes (checked before anything is read), and weights whose SHA-256
 * is not the one model.json recorded. Saving writes each file to a temporary name and renames it
 * into place, model.json last, so a reader never sees a torn file, and never a mix of two saves.
 */
export function fileSystemHandler(
  directory: string,
  options: FileSystemHandlerOptions = {},
): tf.io.IOHandler {
  const topology = options.topology ?? modelFiles.topology;
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new SrnnError(
          'fileSystemHandler: binary (GraphDef) topologies are not supported; save a LayersModel',
          { field: 'modelTopology' },
        );
      }
      await mkdir(directory, { recursive: true });
      const weightData = tf.io.CompositeArrayBuffer.join(
        artifacts.weightData ?? new ArrayBuffer(0),
      );
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [modelFiles.weights], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig !== undefined)
        modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata !== undefined) {
        modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      }
      const weights = new Uint8Array(weightData);
      await writeFileAtomic(join(directory, modelFiles.weights), weights);
      await writeFileAtomic(
        join(directory, topology),
        JSON.stringify({ ...modelJson, [WEIGHTS_DIGEST_FIELD]: sha256(weights) }),
      );
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const topologyPath = join(directory, topology);
      let text: Uint8Array;
      try {
        text = await readBounded(topologyPath, { maxBytes: MAX_TOPOLOGY_BYTES });
      } catch (error) {
        if (error instanceof SrnnError) throw error;
        throw new FileError(topologyPath, 0, `cannot be read: ${(error as Error).message}`);
      }
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(new TextDecoder().decode(text)) as tf.io.ModelJSON;
      } catch (error) {
        throw new FileError(topologyPath, 0, `is not valid JSON: ${(error as Error).message}`);
      }
      if (
        modelJson === null ||
        typeof modelJson !== 'object' ||
        modelJson.modelTopology == null ||
        !Array.isArray(modelJson.weightsManifest)
      ) {
        throw new FileError(
          topologyPath,
          0,
          'is not a TensorFlow.js model.json (needs modelTopology and weightsManifest)',
        );
      }
      const groups = checkedManifest(modelJson.weightsManifest, topologyPath);
      return tf.io.getModelArtifactsForJSON(modelJson, async () => {
        const root = await realpath(directory);
        // Every path is confined and every size checked before any weights file is read.
        const plans: { path: string; bytes: number }[] = [];
        for (const [g, { group, bytes }] of groups.entries()) {
          let left = bytes;
          for (const [p, name] of group.paths.entries()) {
            const field = `weightsManifest[${g}].paths[${p}]`;
            const path = await confinedPath(root, name, topologyPath, field);
            // Checked without opening it: opening a FIFO would block, a device never ends.
            const stats = await stat(path);
            if (!stats.isFile()) {
              throw new FileError(topologyPath, 0, `${field}: '${name}' is not a regular file`);
            }
            const size = stats.size;
            const last = p === group.paths.length - 1;
            if (size > left || (last && size !== left)) {
              throw new FileError(
                topologyPath,
                0,
                `${field}: '${name}' holds ${size} bytes, but weightsManifest[${g}] needs ` +
                  `${bytes} bytes in all (its weights' shapes and dtypes) and ${left} are left ` +
                  `for this file${last ? '' : ' and the ones after it'}`,
              );
            }
            left -= size;
            plans.push({ path, bytes: size });
          }
          if (group.paths.length === 0 && bytes > 0) {
            throw new FileError(
              topologyPath,
              0,
              `weightsManifest[${g}] lists weights but no files`,
            );
          }
        }
        const buffers: ArrayBuffer[] = [];
        for (const { path, bytes } of plans) {
          buffers.push((await readBounded(path, { exactBytes: bytes })).buffer as ArrayBuffer);
        }
        const specs = groups.flatMap(({ group }) => group.weights);
        const joined = tf.io.CompositeArrayBuffer.join(buffers);
        const recorded = (modelJson as unknown as Record<string, unknown>)[WEIGHTS_DIGEST_FIELD];
        if (recorded !== undefined && recorded !== sha256(new Uint8Array(joined))) {
          throw new FileError(
            topologyPath,
            0,
            `${WEIGHTS_DIGEST_FIELD}: the weights files do not hold the weights this model.json was saved with (a save interrupted between the two files, or a file changed since); save the model again`,
          );
        }
        return [specs, joined];
      });
    },
  };
}
