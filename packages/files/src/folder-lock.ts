import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from './process-alive';
import { removeStaleTemporaries, temporaryPathFor } from './temporary-names';

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

/** The tokens of the locks this process holds: a lock naming this pid without one is stale. */
const heldHere = new Set<string>();

interface Holder {
  /** The lock file's text as read (what a takeover checks it still has). */
  text: string;
  pid?: number;
  token?: string;
}

async function readHolder(path: string): Promise<Holder | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { pid, token } = JSON.parse(text) as { pid?: unknown; token?: unknown };
    return {
      text,
      ...(Number.isInteger(pid) ? { pid: pid as number } : {}),
      ...(typeof token === 'string' ? { token } : {}),
    };
  } catch {
    return { text };
  }
}

/**
 * Whether a lock's process is still running. Not when its pid is gone, nor when it is this
 * process's pid but not a lock this process took (a killed run's, whose pid a new process got, as
 * happens in a fresh container).
 */
function live(holder: Holder): boolean {
  if (holder.pid === undefined || !processAlive(holder.pid)) return false;
  return holder.pid !== process.pid || (holder.token !== undefined && heldHere.has(holder.token));
}

/**
 * Takes `folder` (which must exist) for this process: two runs writing one folder would mix their
 * checkpoints and remove each other's temporaries. The lock file appears whole (written aside,
 * then linked into place, which fails if one exists), so another process never reads it half
 * written. A lock left by a process that is gone (killed) is taken over; one held by a live
 * process, this one included, is refused.
 */
export async function lockFolder(folder: string): Promise<FolderLock> {
  const path = join(folder, LOCK_FILE);
  // A lock written aside by a process killed before it linked or removed it.
  await removeStaleTemporaries(folder, (target) => target === LOCK_FILE);
  const token = randomBytes(8).toString('hex');
  const aside = temporaryPathFor(path);
  await writeFile(
    aside,
    `${JSON.stringify({ pid: process.pid, token, since: new Date().toISOString() })}\n`,
  );
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        await link(aside, path);
        heldHere.add(token);
        return {
          async release() {
            if (!heldHere.delete(token)) return;
            // Only our own: a lock another process took over meanwhile stays.
            if ((await readHolder(path))?.token === token) await rm(path, { force: true });
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(path);
      if (holder === undefined) continue; // released meanwhile
      if (live(holder)) throw new FolderLockedError(folder, holder.pid!);
      await takeOver(folder, path, holder);
    }
    throw new Error(`${path}: could not be taken (other processes keep taking it)`);
  } finally {
    await rm(aside, { force: true });
  }
}

/**
 * Removes the stale lock `holder` read at `path`: moved aside first (atomic), then checked to be
 * that very lock; if another process had replaced it meanwhile with its own, it is put back.
 */
async function takeOver(folder: string, path: string, holder: Holder): Promise<void> {
  const moved = temporaryPathFor(path);
  try {
    await rename(path, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another took it over first
    throw error;
  }
  try {
    const what = await readHolder(moved);
    if (what === undefined || what.text === holder.text) return;
    // A fresh lock taken between our read and the move: back into place, unless yet another
    // process holds the name now.
    await link(moved, path).catch(() => undefined);
    if (live(what)) throw new FolderLockedError(folder, what.pid!);
  } finally {
    await rm(moved, { force: true });
  }
}
