import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory, temporaryTarget, writeFileAtomic, writeFileDurably } from '@srnn/files';
import { composeBundle, type BundleInput } from './compose-bundle';
import { MANIFEST_FILE, type BundleManifest } from './manifest';

/** One step of {@link writeBundle}, reported to `onStep` before it happens. */
export interface WriteStep {
  kind: 'write-file' | 'publish-folder' | 'write-manifest' | 'publish-manifest' | 'clean-up';
  /** The path (inside the bundle directory) the step writes or renames. */
  path: string;
}

/** Options of {@link writeBundle}. */
export interface WriteBundleOptions {
  /**
   * Called before each step; throwing stops the write there, as a kill would (tests use it to
   * check that every interruption leaves the old or the new complete bundle).
   */
  onStep?: (step: WriteStep) => void | Promise<void>;
}

/**
 * Names this package writes: generation folders (`v-` + the time in base 36, 8 or more digits,
 * + 8 random hex digits, as writeBundle names them), their temporaries and the manifest's
 * temporary. Exact, because the clean-up deletes what matches: a user's `v-1-0` is not ours.
 */
const GENERATION = /^v-[0-9a-z]{8,}-[0-9a-f]{8}$/;
/** A generation folder's temporary, and the manifest's as an earlier release named it. */
const TEMPORARY_FOLDER = /^(v-[0-9a-z]{8,}-[0-9a-f]{8}\.tmp|bundle\.json\.[0-9a-f]+\.tmp)$/;
const isTemporary = (name: string) =>
  TEMPORARY_FOLDER.test(name) || temporaryTarget(name) === MANIFEST_FILE;

/** Whether `name` is an entry this package writes into a bundle directory. */
export function isBundleEntry(name: string): boolean {
  return name === MANIFEST_FILE || GENERATION.test(name) || isTemporary(name);
}

/** Removes our temporaries and every generation folder but `keep` (none: only temporaries). */
export async function cleanBundleDirectory(dir: string, keep?: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (isTemporary(name) || (keep !== undefined && GENERATION.test(name) && name !== keep))
      await rm(join(dir, name), { recursive: true, force: true });
  }
}

/**
 * Writes a bundle into `dir` atomically as a whole: the files go into a new generation folder
 * (written under a temporary name, synced, then renamed), then bundle.json is written to a
 * temporary file and renamed over the old one. A reader sees the old complete bundle until that
 * last rename and the new complete one after it. Older generations and temporaries left by an
 * interrupted write are removed afterwards; a write that fails before publishing removes its own. Other entries of `dir` are left alone. One writer per
 * directory at a time.
 *
 * @throws BundleError (before anything is written) when the parts disagree.
 */
export async function writeBundle(
  dir: string,
  input: BundleInput,
  options: WriteBundleOptions = {},
): Promise<BundleManifest> {
  const step = async (kind: WriteStep['kind'], path: string) => options.onStep?.({ kind, path });
  const id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const folder = `v-${id}`;
  const composed = await composeBundle(input, folder);
  await mkdir(dir, { recursive: true });
  await cleanBundleDirectory(dir);
  // Set once the manifest's rename may have happened: from then on the new generation may be the
  // published one, and is never removed here.
  let renamingManifest = false;
  try {
    await mkdir(join(dir, `${folder}.tmp`));
    for (const [path, bytes] of Object.entries(composed.files)) {
      const name = path.slice(folder.length + 1);
      await step('write-file', `${folder}.tmp/${name}`);
      await writeFileDurably(join(dir, `${folder}.tmp`, name), bytes);
    }
    await syncDirectory(join(dir, `${folder}.tmp`));
    await step('publish-folder', folder);
    await rename(join(dir, `${folder}.tmp`), join(dir, folder));
    await step('write-manifest', MANIFEST_FILE);
    await writeFileAtomic(join(dir, MANIFEST_FILE), composed.manifestBytes, {
      beforeRename: async () => {
        await step('publish-manifest', MANIFEST_FILE);
        renamingManifest = true;
      },
    });
  } catch (error) {
    // bundle.json still names the old generation (unless its rename was under way): remove the new
    // one's files now (on a full disk they are what filled it); a killed writer's are removed by
    // the next write.
    const unpublished = renamingManifest ? [`${folder}.tmp`] : [`${folder}.tmp`, folder];
    await Promise.all(
      unpublished.map((name) =>
        rm(join(dir, name), { recursive: true, force: true }).catch(() => undefined),
      ),
    );
    throw error;
  }
  await step('clean-up', dir);
  await cleanBundleDirectory(dir, folder);
  return composed.manifest;
}
