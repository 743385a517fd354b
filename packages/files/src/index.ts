/**
 * @packageDocumentation
 * The one atomic whole-file write of the project (Node.js only): a temporary file in the same
 * folder, flushed, renamed over the target, removed on failure, named so that stale temporaries
 * left by a killed process can be found and removed.
 */
export {
  publishFile,
  syncDirectory,
  writeFileAtomic,
  writeFileDurably,
  type WriteFileAtomicOptions,
} from './write-file-atomic';
export { removeStaleTemporaries, temporaryPathFor, temporaryTarget } from './temporary-names';
export { FolderLockedError, lockFolder, LOCK_FILE, type FolderLock } from './folder-lock';
export { processAlive } from './process-alive';
