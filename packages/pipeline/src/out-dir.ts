// What is already in a training run's output directory, and what may be done there: srnn train
// writes only into a directory that is new, empty, or holds a run of its own.
import { BundleError, MANIFEST_FILE, type BundleContents } from '@srnn/bundle';
import { isBundleEntry, readBundleDirectory } from '@srnn/bundle/node';
import { LOCK_FILE, removeStaleTemporaries, temporaryTarget, writeFileAtomic } from '@srnn/files';
import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PipelineConfigError } from './errors';
import type { DataFingerprint } from './fingerprint';
import { RUN_CONFIG_FORMAT, RUN_FILES } from './run-files';

/** The file that records the fingerprint of a run in progress (what makes a rerun resume it). */
export const PENDING_RUN_FILE = 'pending-run.json';

/** The fingerprint of a run: its data and every setting. */
export interface RunFingerprint {
  data: DataFingerprint;
  /** SHA-256 of the canonical settings. */
  settings: string;
  /** The settings themselves, to say what differs. */
  settingsValues: Record<string, unknown>;
}

/** What an output directory holds. */
export type OutDirState =
  | { kind: 'new' }
  | {
      kind: 'bundle';
      contents: BundleContents;
      /** A run in progress beside the finished bundle (one started with restart), if any. */
      pending?: RunFingerprint;
    }
  | { kind: 'damaged'; problem: string }
  | { kind: 'legacy' }
  | { kind: 'pending'; fingerprint: RunFingerprint }
  | { kind: 'unknown-run' };

/** How messages name the options (the CLI passes its flags). */
export interface OptionNames {
  outDir: string;
  restart: string;
}

/** The temporary an earlier release wrote pending-run.json through. */
const LEGACY_PENDING_TEMPORARY = `${PENDING_RUN_FILE}.tmp`;

const LEGACY_FILES = new Set<string>([
  RUN_FILES.model,
  RUN_FILES.weights,
  RUN_FILES.tokenizer,
  RUN_FILES.labels,
  RUN_FILES.config,
  RUN_FILES.report,
]);
const ours = (name: string) =>
  isBundleEntry(name) ||
  name === LOCK_FILE ||
  temporaryTarget(name) === LOCK_FILE ||
  name === RUN_FILES.training ||
  name === PENDING_RUN_FILE ||
  temporaryTarget(name) === PENDING_RUN_FILE ||
  name === LEGACY_PENDING_TEMPORARY;

async function isLegacyRun(dir: string): Promise<boolean> {
  try {
    const config = JSON.parse(await readFile(join(dir, RUN_FILES.config), 'utf8')) as {
      format?: unknown;
    };
    return config.format === RUN_CONFIG_FORMAT;
  } catch {
    return false;
  }
}

/**
 * Looks at `dir` without changing it. Refuses (naming the option) a path that is a file, under a
 * file, or a directory holding entries that srnn train did not write.
 */
export async function inspectOutDir(dir: string, names: OptionNames): Promise<OutDirState> {
  const where = `${names.outDir} ${JSON.stringify(dir)}`;
  let info;
  try {
    info = await lstat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // The nearest existing ancestor must be a directory.
      for (let up = dirname(dir); ; up = dirname(up)) {
        const parent = await lstat(up).catch(() => undefined);
        if (parent) {
          if (!parent.isDirectory())
            throw new PipelineConfigError(`${where}: ${up} is not a directory`);
          break;
        }
        if (up === dirname(up)) break;
      }
      return { kind: 'new' };
    }
    throw new PipelineConfigError(`${where} cannot be used (${code ?? (error as Error).message})`);
  }
  if (!info.isDirectory())
    throw new PipelineConfigError(`${where} is not a directory; give a new or empty directory`);
  const entries = await readdir(dir);
  if (entries.length === 0) return { kind: 'new' };
  if (entries.includes(MANIFEST_FILE)) {
    try {
      const contents = await readBundleDirectory(dir, { allowLegacy: false });
      const pending = entries.includes(PENDING_RUN_FILE) ? await readPendingRun(dir) : undefined;
      return { kind: 'bundle', contents, ...(pending ? { pending } : {}) };
    } catch (error) {
      if (error instanceof BundleError) return { kind: 'damaged', problem: error.message };
      throw error;
    }
  }
  if (entries.includes(RUN_FILES.config) && (await isLegacyRun(dir))) return { kind: 'legacy' };
  const foreign = entries.filter((e) => !ours(e));
  if (foreign.length > 0) {
    throw new PipelineConfigError(
      `${where} holds files that srnn train did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}): nothing was written; give a new or empty directory`,
    );
  }
  if (entries.includes(PENDING_RUN_FILE)) {
    const fingerprint = await readPendingRun(dir);
    return fingerprint ? { kind: 'pending', fingerprint } : { kind: 'unknown-run' };
  }
  return entries.includes(RUN_FILES.training) ? { kind: 'unknown-run' } : { kind: 'new' };
}

/** The fingerprint pending-run.json records, or undefined when it cannot be read or compared. */
async function readPendingRun(dir: string): Promise<RunFingerprint | undefined> {
  try {
    const pending = JSON.parse(await readFile(join(dir, PENDING_RUN_FILE), 'utf8')) as {
      fingerprint?: RunFingerprint;
    };
    if (pending.fingerprint?.data?.sha256 && pending.fingerprint.settings)
      return pending.fingerprint;
  } catch {
    // Unreadable: a run we cannot compare.
  }
  return undefined;
}

/** Records the run's fingerprint in `dir` (atomically): a rerun compares against it. */
export async function writePendingRun(dir: string, fingerprint: RunFingerprint): Promise<void> {
  await writeFileAtomic(
    join(dir, PENDING_RUN_FILE),
    `${JSON.stringify({ format: 'srnn-pending-run', version: 1, fingerprint }, null, 2)}\n`,
  );
}

/** Forgets a run in progress (checkpoints and fingerprint); a finished bundle stays. */
export async function clearRunInProgress(dir: string): Promise<void> {
  await rm(join(dir, RUN_FILES.training), { recursive: true, force: true });
  await rm(join(dir, PENDING_RUN_FILE), { force: true });
  await removeStaleTemporaries(dir, (target) => target === PENDING_RUN_FILE);
  await rm(join(dir, LEGACY_PENDING_TEMPORARY), { force: true });
}

/** Removes a first-release run's files once a bundle has replaced them. */
export async function removeLegacyFiles(dir: string): Promise<void> {
  for (const name of LEGACY_FILES) await rm(join(dir, name), { force: true });
}
