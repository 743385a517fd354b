/** @srnn/bundle/node: the directory reader and the atomic writer (Node only). */
export { directoryReader, locateBundleFile, readBundleDirectory } from './node-reader';
export {
  cleanBundleDirectory,
  isBundleEntry,
  writeBundle,
  type WriteBundleOptions,
  type WriteStep,
} from './write-bundle';
