import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a file so that readers see either the old content or the new, never a torn mix: the data
 * goes to a temporary file in the same folder, is flushed to disk, then renamed over the target
 * (rename is atomic within one file system). `data` may be a function that writes the content
 * through the open handle, piece by piece (e.g. one tensor at a time, never all in memory at once).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | ((handle: FileHandle) => Promise<void>),
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      if (typeof data === 'function') await data(handle);
      else await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
