import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '@srnn/files';
import { tensorEntrySchema } from './checkpoint-schema';
import { readJson, parseWith } from './json-file';
import { snapshotSource, writeTensorFile } from './tensor-file';
import { decodeSnapshots, type TensorSnapshot } from './weight-snapshot';

/**
 * Writes best weights as `best-epoch-<epoch>-<number>.bin` with a JSON manifest beside it;
 * `number` is that of the checkpoint that will first name the file, so the name is new.
 */
export async function writeBestWeights(
  directory: string,
  epoch: number,
  number: number,
  weights: readonly TensorSnapshot[],
): Promise<string> {
  const file = `best-epoch-${epoch}-${number}.bin`;
  const entries = await writeTensorFile(join(directory, file), weights.map(snapshotSource));
  await writeFileAtomic(
    join(directory, `${file}.json`),
    JSON.stringify({ epoch, weights: entries }, null, 1),
  );
  return file;
}

const weightsManifestSchema = z.looseObject({ weights: z.array(tensorEntrySchema) });

/**
 * Reads weights written by {@link writeBestWeights} (a model's weights, in `model.weights`
 * order), e.g. to load the best checkpoint of a finished run into a freshly built model with
 * `restoreModelWeights`.
 */
export async function readWeightsFile(path: string): Promise<TensorSnapshot[]> {
  const manifestPath = `${path}.json`;
  const manifest = parseWith(
    weightsManifestSchema,
    await readJson(manifestPath, 'it should list the tensors of the weights file beside it'),
    manifestPath,
  );
  const bytes = new Uint8Array(await readFile(path));
  return decodeSnapshots(manifest.weights, bytes, path);
}
