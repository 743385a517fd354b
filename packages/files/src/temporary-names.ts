import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { processAlive } from './process-alive';

/**
 * The names of temporary files: `<target>.<pid>.<8 hex digits>.tmp`, next to the target. The
 * process id and random part keep concurrent writers apart; the fixed shape lets a later run
 * find what a killed process left behind.
 */
const TEMPORARY = /^(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** A fresh temporary path for `path`, in the same folder (so that a rename replaces it). */
export function temporaryPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * The target a temporary file name was made for (`report.json` for
 * `report.json.4242.0123abcd.tmp`), or undefined when `name` is not such a temporary.
 */
export function temporaryTarget(name: string): string | undefined {
  return TEMPORARY.exec(basename(name))?.[1];
}

/**
 * Removes the temporary files in `directory` left by interrupted writes of the targets `ours`
 * accepts (never another program's `.tmp` files, nor one whose writing process is still running:
 * it may be a write in flight); returns the names removed.
 */
export async function removeStaleTemporaries(
  directory: string,
  ours: (target: string) => boolean,
): Promise<string[]> {
  const stale = (await readdir(directory)).filter((name) => {
    const match = TEMPORARY.exec(name);
    return match !== null && ours(match[1]!) && !processAlive(Number(match[2]));
  });
  await Promise.all(stale.map((name) => rm(join(directory, name), { force: true })));
  return stale;
}
