import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from './process-alive';

/** The lock file a process holds in a folder it writes a run into. */
export const LOCK_FILE = '.srnn-lock';

/** Thrown when another running process holds the folder. */
export class FolderLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: number,
  ) {
    super(
      `${folder} is being written by another process (pid ${holder}, in ${join(folder, LOCK_FILE)}): ` +
        `wait for it to finish, or give another folder (if no such process is yours, delete that file)`,
    );
    this.name = 'FolderLockedError';
  }
}

/** A held lock; `release` removes it (once). */
export interface FolderLock {
  release(): Promise<void>;
}

async function holderOf(path: string): Promise<number | undefined> {
  try {
    const pid = Number((JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown }).pid);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes `folder` (which must exist) for this process: two runs writing one folder would mix their
 * checkpoints and remove each other's temporaries. A lock left by a process that is gone (killed)
 * is taken over; one held by a live process, this one included, is refused.
 */
export async function lockFolder(folder: string): Promise<FolderLock> {
  const path = join(folder, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(
          `${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`,
        );
      } finally {
        await handle.close();
      }
      let held = true;
      return {
        async release() {
          if (!held) return;
          held = false;
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await holderOf(path);
    if (holder !== undefined && processAlive(holder)) throw new FolderLockedError(folder, holder);
    // Its process is gone (or it is unreadable: a kill while it was written): take it over.
    await rm(path, { force: true });
  }
  throw new Error(`${path}: could not be taken (other processes keep taking it)`);
}
