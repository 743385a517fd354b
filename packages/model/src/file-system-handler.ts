import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** File names inside a saved model's directory (the TensorFlow.js LayersModel format). */
export const modelFiles = { topology: 'model.json', weights: 'weights.bin' } as const;

/**
 * A tfjs IOHandler that saves to and loads from a directory with plain `fs`: `model.json`
 * (topology, weights manifest, user-defined metadata) and one `weights.bin`, the layout
 * tfjs-node's `file://` handler and `tfjs_converter` use. Works with `model.save(handler)` and
 * `tf.loadLayersModel(handler)`.
 */
export function fileSystemHandler(directory: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error(
          'fileSystemHandler: binary (GraphDef) topologies are not supported; save a LayersModel',
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
      await writeFile(join(directory, modelFiles.weights), new Uint8Array(weightData));
      await writeFile(join(directory, modelFiles.topology), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const topologyPath = join(directory, modelFiles.topology);
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(await readFile(topologyPath, 'utf8')) as tf.io.ModelJSON;
      } catch (error) {
        throw new Error(
          `fileSystemHandler: cannot read ${modelFiles.topology} in '${directory}': ${(error as Error).message}`,
        );
      }
      if (modelJson.modelTopology == null || !Array.isArray(modelJson.weightsManifest)) {
        throw new Error(
          `fileSystemHandler: '${topologyPath}' is not a TensorFlow.js model.json (needs modelTopology and weightsManifest)`,
        );
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const path of group.paths) {
            const bytes = await readFile(join(directory, path));
            buffers.push(
              bytes.buffer.slice(
                bytes.byteOffset,
                bytes.byteOffset + bytes.byteLength,
              ) as ArrayBuffer,
            );
          }
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}
