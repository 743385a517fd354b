/**
 * The Node.js entry (the `node` export condition of `@srnn/bundle`, also `@srnn/bundle/node`):
 * everything of the browser-safe entry, plus the directory reader and the atomic writer.
 */
export * from './index';
export { directoryReader, locateBundleFile, readBundleDirectory } from './node-reader';
export {
  cleanBundleDirectory,
  isBundleEntry,
  writeBundle,
  type WriteBundleOptions,
  type WriteStep,
} from './write-bundle';
