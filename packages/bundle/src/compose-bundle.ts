import { sha256Hex } from './hash';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  MANIFEST_FILE,
  ROLE_FILES,
  type BundleFileEntry,
  type BundleManifest,
  type BundleRole,
} from './manifest';
import { readBundle } from './read-bundle';
import { memoryReader } from './reader';

/** What a bundle is made of, before it is written. */
export interface BundleInput {
  /** What writes it, e.g. '@srnn/pipeline 0.1.0'. */
  createdBy: string;
  /** model.json (TensorFlow.js LayersModel); its weightsManifest paths are set to the weights file. */
  model: Record<string, unknown>;
  weights: Uint8Array;
  /** The tokenizer's JSON (Tokenizer#toJSON()). */
  tokenizer: unknown;
  /** Class labels, index = class id. */
  labels: string[];
  /** The run configuration (config.json). */
  config: Record<string, unknown>;
  report?: unknown;
  agree: Omit<BundleManifest['agree'], 'labels'>;
  cells: BundleManifest['cells'];
  fingerprint?: BundleManifest['fingerprint'];
}

/** A bundle as bytes: its files by path (inside `folder`) and the manifest's bytes. */
export interface ComposedBundle {
  manifest: BundleManifest;
  /** Every file but the manifest, by bundle path. */
  files: Record<string, Uint8Array>;
  manifestBytes: Uint8Array;
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value)}\n`);

/**
 * Serialises a bundle into `folder` (one path segment, e.g. 'v-1a2b'), hashes every file, and
 * checks the result with {@link readBundle} before anything is written, so that an inconsistent
 * bundle is never written.
 *
 * @throws BundleError when the parts disagree (e.g. labels and model classes).
 */
export async function composeBundle(input: BundleInput, folder: string): Promise<ComposedBundle> {
  const groups = input.model['weightsManifest'];
  const model = {
    ...input.model,
    weightsManifest: Array.isArray(groups)
      ? groups.map((g: Record<string, unknown>) => ({ ...g, paths: [ROLE_FILES.weights] }))
      : groups,
  };
  const contents: Partial<Record<BundleRole, Uint8Array>> = {
    model: json(model),
    weights: input.weights,
    tokenizer: json(input.tokenizer),
    labels: json({ labels: input.labels }),
    config: json(input.config),
    ...(input.report !== undefined ? { report: json(input.report) } : {}),
  };
  const files: Record<string, Uint8Array> = {};
  const entries: Partial<Record<BundleRole, BundleFileEntry>> = {};
  for (const [role, bytes] of Object.entries(contents) as [BundleRole, Uint8Array][]) {
    const path = `${folder}/${ROLE_FILES[role]}`;
    files[path] = bytes;
    entries[role] = { path, size: bytes.byteLength, sha256: await sha256Hex(bytes) };
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdBy: input.createdBy,
    files: entries as BundleManifest['files'],
    agree: { ...input.agree, labels: [...input.labels] },
    cells: input.cells,
    ...(input.fingerprint ? { fingerprint: input.fingerprint } : {}),
  };
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  await readBundle(memoryReader({ ...files, [MANIFEST_FILE]: manifestBytes }, folder));
  return { manifest, files, manifestBytes };
}
