import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';
import type { RandomState } from './random';
import type { EpochRecord, TrainingFingerprint } from './training-types';
import {
  decodeSnapshots,
  encodeSnapshots,
  type TensorEntry,
  type TensorSnapshot,
} from './weight-snapshot';

/** File name of the checkpoint manifest inside the output folder. */
export const CHECKPOINT_FILE = 'checkpoint.json';
const FORMAT = 'srnn-eval-checkpoint';
const VERSION = 1;

/** Sums over the steps of the epoch in progress, so that a resumed epoch reports whole figures. */
export interface EpochAccumulator {
  lossSum: number;
  correct: number;
  rows: number;
  tokens: number;
  positions: number;
  seconds: number;
}

/** The best validation result so far and the file holding its weights. */
export interface BestRecord {
  readonly epoch: number;
  readonly validationAccuracy: number;
  /** Weights file name inside the output folder (its manifest is the same name + '.json'). */
  readonly file: string;
}

/**
 * Everything needed to continue a run exactly: the JSON manifest. Tensors live in binary files
 * that it names; binary files are written first and the manifest last, each atomically, so a
 * crash at any moment leaves the previous complete checkpoint in force.
 */
export interface CheckpointManifest {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly status: 'in-progress' | 'completed';
  readonly fingerprint: TrainingFingerprint;
  /** 0-based index of the epoch in progress (equals the number of finished epochs). */
  readonly epochIndex: number;
  /** Steps already taken in that epoch. */
  readonly stepInEpoch: number;
  readonly globalStep: number;
  /** PRNG state before this epoch's shuffle: the permutation is regenerated from it. */
  readonly epochRandomState: RandomState;
  readonly accumulator: EpochAccumulator;
  readonly history: EpochRecord[];
  readonly best: BestRecord | null;
  readonly epochsWithoutImprovement: number;
  readonly stoppedEarly: boolean;
  /** Binary file with the model's weights and the optimizer's state. */
  readonly stateFile: string;
  readonly modelEntries: TensorEntry[];
  readonly optimizerEntries: TensorEntry[];
  /** The final result, once status is 'completed'. */
  readonly result?: unknown;
}

/** What a caller provides to write a checkpoint (the manifest minus what the writer derives). */
export type CheckpointInput = Omit<
  CheckpointManifest,
  'format' | 'version' | 'stateFile' | 'modelEntries' | 'optimizerEntries'
>;

/** Writes model + optimizer state and the manifest, then removes files no manifest refers to. */
export async function writeCheckpoint(
  directory: string,
  input: CheckpointInput,
  model: readonly TensorSnapshot[],
  optimizer: readonly TensorSnapshot[],
): Promise<void> {
  const packed = encodeSnapshots([...model, ...optimizer]);
  const stateFile = `state-${input.globalStep}.bin`;
  await writeFileAtomic(join(directory, stateFile), packed.bytes);
  const manifest: CheckpointManifest = {
    format: FORMAT,
    version: VERSION,
    ...input,
    stateFile,
    modelEntries: packed.entries.slice(0, model.length),
    optimizerEntries: packed.entries.slice(model.length),
  };
  await writeFileAtomic(join(directory, CHECKPOINT_FILE), JSON.stringify(manifest, null, 1));
  await removeStaleFiles(directory, [
    stateFile,
    input.best?.file,
    bestManifestName(input.best?.file),
  ]);
}

function bestManifestName(file: string | undefined): string | undefined {
  return file === undefined ? undefined : `${file}.json`;
}

/** Deletes older state and best-weight files (never anything this package did not name). */
async function removeStaleFiles(directory: string, keep: (string | undefined)[]): Promise<void> {
  const names = await readdir(directory);
  const stale = names.filter(
    (name) => /^(state-\d+\.bin|best-epoch-\d+\.bin(\.json)?)$/.test(name) && !keep.includes(name),
  );
  await Promise.all(stale.map((name) => rm(join(directory, name), { force: true })));
}

/** A checkpoint read back from disk with its tensors. */
export interface LoadedCheckpoint {
  readonly manifest: CheckpointManifest;
  readonly model: TensorSnapshot[];
  readonly optimizer: TensorSnapshot[];
}

/** Reads the checkpoint in `directory`, or returns null when there is none. */
export async function readCheckpoint(directory: string): Promise<LoadedCheckpoint | null> {
  const path = join(directory, CHECKPOINT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const manifest = JSON.parse(text) as CheckpointManifest;
  if (manifest.format !== FORMAT || manifest.version !== VERSION) {
    throw new Error(
      `${path} is not a ${FORMAT} version ${VERSION} file (format '${String(manifest.format)}', version ${String(manifest.version)})`,
    );
  }
  const bytes = new Uint8Array(await readFile(join(directory, manifest.stateFile)));
  return {
    manifest,
    model: decodeSnapshots(manifest.modelEntries, bytes, manifest.stateFile),
    optimizer: decodeSnapshots(manifest.optimizerEntries, bytes, manifest.stateFile),
  };
}

/** Writes best weights as `best-epoch-<epoch>.bin` with a JSON manifest beside it. */
export async function writeBestWeights(
  directory: string,
  epoch: number,
  weights: readonly TensorSnapshot[],
): Promise<string> {
  const file = `best-epoch-${epoch}.bin`;
  const packed = encodeSnapshots(weights);
  await writeFileAtomic(join(directory, file), packed.bytes);
  await writeFileAtomic(
    join(directory, `${file}.json`),
    JSON.stringify({ epoch, weights: packed.entries }, null, 1),
  );
  return file;
}

/**
 * Reads weights written by {@link writeBestWeights} (a model's weights, in `model.weights`
 * order), e.g. to load the best checkpoint of a finished run into a freshly built model with
 * `restoreModelWeights`.
 */
export async function readWeightsFile(path: string): Promise<TensorSnapshot[]> {
  const manifest = JSON.parse(await readFile(`${path}.json`, 'utf8')) as { weights: TensorEntry[] };
  const bytes = new Uint8Array(await readFile(path));
  return decodeSnapshots(manifest.weights, bytes, path);
}
