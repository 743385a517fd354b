import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AdamRunningPowers } from '@srnn/optimizers';
import type { RandomState } from '@srnn/random';
import { FileError } from '@srnn/errors';
import { removeStaleTemporaries as removeTemporariesOf, writeFileAtomic } from '@srnn/files';
import { manifestV1Schema, manifestV2Schema } from './checkpoint-schema';
import { parseWith, readJson } from './json-file';
import type { BestRecord, EpochAccumulator } from './loop-state';
import type { ThreadLayout } from './thread-layout';
import type { CompletedTraining, EpochRecord, TrainingFingerprint } from './training-types';
import { writeTensorFile, type TensorSource } from './tensor-file';
import { decodeSnapshots, type TensorEntry, type TensorSnapshot } from './weight-snapshot';

/** File name of the checkpoint manifest inside the output folder. */
export const CHECKPOINT_FILE = 'checkpoint.json';
const FORMAT = 'srnn-eval-checkpoint';
const VERSION = 2;

/**
 * Everything needed to continue a run bit for bit: the JSON manifest. Tensors live in a binary file
 * that it names; the binary file is written first and the manifest last, each atomically, so a
 * crash at any moment leaves the previous complete checkpoint in force. File names are relative to
 * the folder, so a moved folder still resumes.
 */
export interface CheckpointManifest {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly status: 'in-progress' | 'completed';
  /** Counts the checkpoints of the run; names the state file, so no write replaces a live one. */
  readonly sequence: number;
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
  /** Adam's float32 running powers, which its setWeights would recompute differently. */
  readonly optimizer: { readonly runningPowers: AdamRunningPowers };
  /** The backend and thread count that decide the order of sums in large products. */
  readonly layout: ThreadLayout;
  /** Binary file with the model's weights and the optimizer's state. */
  readonly stateFile: string;
  readonly modelEntries: TensorEntry[];
  readonly optimizerEntries: TensorEntry[];
  /** The final result, once status is 'completed' (without paths: see {@link resultIn}). */
  readonly result?: StoredResult;
}

/** A finished run's result as stored: the paths are left out and rebuilt when it is read. */
export type StoredResult = Omit<CompletedTraining, 'outputDir' | 'bestWeightsPath' | 'resumed'>;

/** What a caller provides to write a checkpoint (the manifest minus what the writer derives). */
export type CheckpointInput = Omit<
  CheckpointManifest,
  'format' | 'version' | 'stateFile' | 'modelEntries' | 'optimizerEntries'
>;

/** A finished run's result without its paths, as the checkpoint stores it. */
export function storedResult(result: CompletedTraining): StoredResult {
  const { outputDir: _dir, bestWeightsPath: _path, resumed: _resumed, ...rest } = result;
  return rest;
}

/** A stored result as a CompletedTraining in the folder it was read from. */
export function resultIn(
  directory: string,
  stored: StoredResult,
  best: BestRecord,
): Omit<CompletedTraining, 'resumed'> {
  return {
    ...stored,
    outputDir: directory,
    bestWeightsPath: join(directory, best.file),
  };
}

/**
 * Writes model + optimizer state (tensor by tensor, e.g. straight from the live variables) and the
 * manifest, then removes files no manifest refers to.
 */
export async function writeCheckpoint(
  directory: string,
  input: CheckpointInput,
  model: readonly TensorSource[],
  optimizer: readonly TensorSource[],
): Promise<void> {
  const stateFile = `state-${input.sequence}.bin`;
  const entries = await writeTensorFile(join(directory, stateFile), [...model, ...optimizer]);
  const manifest: CheckpointManifest = {
    format: FORMAT,
    version: VERSION,
    ...input,
    stateFile,
    modelEntries: entries.slice(0, model.length),
    optimizerEntries: entries.slice(model.length),
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

const OWN_FILE = /^(state-\d+\.bin|best-epoch-\d+(-\d+)?\.bin(\.json)?)$/;
/** Deletes older state and best-weight files (never anything this package did not name). */
async function removeStaleFiles(directory: string, keep: (string | undefined)[]): Promise<void> {
  await removeMatching(directory, (name) => OWN_FILE.test(name) && !keep.includes(name));
}

/**
 * The highest checkpoint number among the state and best-weight files in `directory` (-1 when
 * there are none): a run numbers its files after it, so that no write ever replaces a file that a
 * manifest may name, even when a new run starts over in the folder of an old one.
 */
export async function highestFileNumber(directory: string): Promise<number> {
  const numbers = (await readdir(directory))
    .map((name) => /^(?:state-|best-epoch-\d+-)(\d+)\.bin$/.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  return Math.max(-1, ...numbers);
}

/** Deletes temporary files of ours that a killed process left behind. */
export async function removeStaleTemporaries(directory: string): Promise<void> {
  await removeTemporariesOf(
    directory,
    (target) => target === CHECKPOINT_FILE || OWN_FILE.test(target),
  );
}

async function removeMatching(directory: string, stale: (name: string) => boolean): Promise<void> {
  const names = (await readdir(directory)).filter(stale);
  await Promise.all(names.map((name) => rm(join(directory, name), { force: true })));
}

/** A checkpoint read back from disk. */
export type LoadedCheckpoint =
  | {
      readonly kind: 'resumable';
      readonly manifest: CheckpointManifest;
      readonly model: TensorSnapshot[];
      readonly optimizer: TensorSnapshot[];
    }
  | {
      /** A finished run, possibly written by the first release (format version 1). */
      readonly kind: 'completed';
      readonly version: 1 | 2;
      readonly fingerprint: TrainingFingerprint;
      readonly best: BestRecord;
      readonly result: StoredResult;
    };

/** What a damaged or unusable checkpoint's message tells the user to do. */
const START_OVER =
  'delete the folder, or start over (srnn train --restart; resume: false through the API)';

/** Reads the checkpoint in `directory`, or returns null when there is none. */
export async function readCheckpoint(directory: string): Promise<LoadedCheckpoint | null> {
  const path = join(directory, CHECKPOINT_FILE);
  let raw: unknown;
  try {
    raw = await readJson(path, START_OVER);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const header = raw as { format?: unknown; version?: unknown } | null;
  if (header?.format !== FORMAT || (header.version !== 1 && header.version !== VERSION)) {
    throw new FileError(
      path,
      0,
      `not a ${FORMAT} file of version 1 or ${VERSION} (format ${JSON.stringify(header?.format)}, version ${JSON.stringify(header?.version)})`,
    );
  }
  if (header.version === 1) {
    const v1 = parseWith(manifestV1Schema, raw, path);
    if (v1.status !== 'completed' || v1.result === undefined || v1.best === null) {
      throw new FileError(
        path,
        0,
        'holds an unfinished run written by an earlier version (format version 1), which ' +
          `cannot be continued exactly: ${START_OVER}`,
      );
    }
    const fingerprint = v1.fingerprint as unknown as TrainingFingerprint;
    const result = v1.result as unknown as StoredResult;
    return { kind: 'completed', version: 1, fingerprint, best: v1.best, result };
  }
  const manifest = parseWith(manifestV2Schema, raw, path) as unknown as CheckpointManifest;
  if (manifest.status === 'completed') {
    if (manifest.result === undefined || manifest.best === null) {
      throw new FileError(path, 0, "status is 'completed' but result or best is missing");
    }
    return {
      kind: 'completed',
      version: 2,
      fingerprint: manifest.fingerprint,
      best: manifest.best,
      result: manifest.result,
    };
  }
  const statePath = join(directory, manifest.stateFile);
  // The entries say how many bytes the state holds: a larger file, or one that is no regular
  // file (a device never ends), is not read at all; a shorter one is named with its tensor below.
  const needed = [...manifest.modelEntries, ...manifest.optimizerEntries].reduce(
    (end, entry) => Math.max(end, entry.byteOffset + entry.length * 4),
    0,
  );
  const info = await stat(statePath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new FileError(
        statePath,
        0,
        `is missing, but ${CHECKPOINT_FILE} names it: ${START_OVER}`,
      );
    }
    throw error;
  });
  if (!info.isFile() || info.size > needed) {
    throw new FileError(
      statePath,
      0,
      `${info.isFile() ? `holds ${info.size} bytes` : 'is not a regular file'}, but ${CHECKPOINT_FILE}'s tensors take ${needed}: ${START_OVER}`,
    );
  }
  const bytes = new Uint8Array(await readFile(statePath));
  return {
    kind: 'resumable',
    manifest,
    model: decodeSnapshots(manifest.modelEntries, bytes, statePath),
    optimizer: decodeSnapshots(manifest.optimizerEntries, bytes, statePath),
  };
}
