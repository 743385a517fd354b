import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { temporaryPathFor } from './temporary-names';

/** Writes `data` to `path` and flushes it to disk before returning. */
export async function writeFileDurably(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a directory's entries (a rename into it) to disk. Some systems cannot open a directory
 * for that (Windows): there the rename stands as the file system keeps it.
 */
export async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EINVAL' && code !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}

/** Renames `temporary` over `path` and flushes the folder; removes the temporary on failure. */
async function renameOver(temporary: string, path: string): Promise<void> {
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Publishes a temporary file written as a stream (at {@link temporaryPathFor}`(path)`, closed):
 * flushes it to disk, renames it over `path`, then flushes the folder. The temporary is removed
 * if that fails.
 */
export async function publishFile(temporary: string, path: string): Promise<void> {
  try {
    const handle = await open(temporary, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await renameOver(temporary, path);
}

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /**
   * Called once the temporary file is complete, before it replaces the target; throwing stops
   * there as a kill would (the temporary is removed). Tests use it to interrupt a write.
   */
  beforeRename?: (temporary: string) => void | Promise<void>;
}

/**
 * Writes a whole file so that readers see the old content or the new, never a torn mix, even
 * after a kill or a full disk: the data goes to a temporary file in the same folder (named as
 * {@link temporaryPathFor} says, so that stale ones can be removed), is flushed to disk, then
 * renamed over the target (atomic within one file system). The folder is created if missing. On
 * failure the temporary is removed and the target is left as it was.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  try {
    await writeFileDurably(temporary, data);
    await options.beforeRename?.(temporary);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await renameOver(temporary, path);
}
