import { constants } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { BundleError } from './errors';
import {
  bundlePathSchema,
  DEFAULT_SIZE_LIMITS,
  MANIFEST_FILE,
  ROLE_FILES,
  type BundleRole,
} from './manifest';
import { readBundle, type BundleContents, type ReadBundleOptions } from './read-bundle';
import type { BundleReader } from './reader';

/**
 * A {@link BundleReader} over a directory: paths are confined to it, symbolic links and anything
 * but regular files are refused, and no read goes past the size asked for.
 */
export function directoryReader(dir: string): BundleReader {
  const root = resolve(dir);
  const locate = async (path: string): Promise<string> => {
    const full = resolve(root, path);
    if (!bundlePathSchema.safeParse(path).success || !full.startsWith(root + sep))
      throw new Error(`${JSON.stringify(path)} is not a path inside the bundle`);
    // O_NOFOLLOW and lstat look at the last part only: a linked folder on the way (a generation
    // folder pointing elsewhere) would lead outside the bundle.
    const folders = full
      .slice(root.length + 1)
      .split(sep)
      .slice(0, -1);
    for (let i = 1; i <= folders.length; i += 1) {
      const folder = join(root, ...folders.slice(0, i));
      const info = await lstat(folder).catch(() => undefined);
      if (info?.isSymbolicLink())
        throw new Error(
          `is inside ${folders.slice(0, i).join('/')}, a symbolic link; a bundle holds regular folders and files only`,
        );
    }
    return full;
  };
  return {
    async size(path) {
      const full = await locate(path);
      let info;
      try {
        info = await lstat(full);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new Error(
          `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        );
      }
      if (info.isSymbolicLink())
        throw new Error('is a symbolic link; a bundle holds regular files only');
      if (!info.isFile()) throw new Error('is not a regular file');
      return info.size;
    },
    async read(path, maxBytes) {
      const handle = await open(await locate(path), constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const info = await handle.stat();
        if (!info.isFile()) throw new Error('is not a regular file');
        if (info.size > maxBytes)
          throw new Error(`holds ${info.size} bytes, more than the ${maxBytes} expected`);
        // One byte more than allowed tells a file that grew since its size was taken.
        const buffer = new Uint8Array(maxBytes + 1);
        let filled = 0;
        while (filled < buffer.length) {
          const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        if (filled > maxBytes) throw new Error(`holds more than the ${maxBytes} bytes expected`);
        return buffer.subarray(0, filled);
      } finally {
        await handle.close();
      }
    },
    describe: (path) => join(dir, path),
  };
}

/**
 * Reads and checks the bundle in directory `dir` (see {@link readBundle}).
 *
 * @throws BundleError naming the directory or the file that disagrees.
 */
export async function readBundleDirectory(
  dir: string,
  options?: ReadBundleOptions,
): Promise<BundleContents> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new BundleError(
      dir,
      `not found, so it is not a trained model directory (expected a directory holding ${MANIFEST_FILE}, written by srnn train)`,
    );
  }
  if (!info.isDirectory())
    throw new BundleError(
      dir,
      'is a file, so it is not a trained model directory (expected a directory written by srnn train)',
    );
  return readBundle(directoryReader(dir), options);
}

/**
 * The path of a bundle file by role (e.g. where report.json is now): the manifest's entry, or the
 * top-level name in a first-release directory. Reads bundle.json only (no checks of the files).
 */
export async function locateBundleFile(dir: string, role: BundleRole): Promise<string> {
  const reader = directoryReader(dir);
  const size = await reader.size(MANIFEST_FILE);
  if (size === undefined) return join(dir, ROLE_FILES[role]);
  const manifest = JSON.parse(
    new TextDecoder().decode(
      await reader.read(MANIFEST_FILE, Math.min(size, DEFAULT_SIZE_LIMITS.manifest)),
    ),
  ) as {
    files?: Record<string, { path?: unknown }>;
  };
  const path = manifest.files?.[role]?.path;
  if (typeof path !== 'string' || !bundlePathSchema.safeParse(path).success)
    throw new BundleError(join(dir, MANIFEST_FILE), `lists no valid ${role} file`);
  return join(dir, path);
}
