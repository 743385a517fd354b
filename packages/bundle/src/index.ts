/**
 * @srnn/bundle: a trained model directory as one self-consistent bundle. This entry is
 * browser-safe (no Node built-ins; SHA-256 through WebCrypto): the manifest format, the validator
 * and the composer. The Node directory reader and the atomic writer are in '@srnn/bundle/node'.
 */
export { BundleError } from './errors';
export {
  BUNDLE_FORMAT,
  BUNDLE_ROLES,
  BUNDLE_VERSION,
  bundleManifestSchema,
  DEFAULT_SIZE_LIMITS,
  MANIFEST_FILE,
  ROLE_FILES,
  type BundleFileEntry,
  type BundleManifest,
  type BundleRole,
} from './manifest';
export { memoryReader, type BundleReader } from './reader';
export { sha256Hex } from './hash';
export type { WeightSpec } from './model-checks';
export {
  LEGACY_RUN_FORMAT,
  readBundle,
  validateBundle,
  type BundleContents,
  type BundleFacts,
  type BundleValidation,
  type ReadBundleOptions,
} from './read-bundle';
export { composeBundle, type BundleInput, type ComposedBundle } from './compose-bundle';
