// Where Node's worker threads load a registered tasks file from (see worker-tasks-registry.ts).
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The absolute path of a registered tasks file when it is a regular file, else null (sources run
 * before a build have no built tasks file: their tasks then run on the calling thread).
 */
export function locateWorkerTasks(file: string | URL): string | null {
  let path: string;
  try {
    path = file instanceof URL || file.startsWith('file:') ? fileURLToPath(file) : file;
  } catch {
    return null;
  }
  if (!isAbsolute(path)) return null;
  try {
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}
