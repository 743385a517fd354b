import { z } from 'zod';

/** The manifest's file name, at the top of a bundle directory. */
export const MANIFEST_FILE = 'bundle.json';
/** The manifest's format name. */
export const BUNDLE_FORMAT = 'srnn-bundle';
/** The manifest version this package writes and reads. */
export const BUNDLE_VERSION = 1;

/** The files of a bundle, by role. `report` is optional; the others are required. */
export const BUNDLE_ROLES = [
  'model',
  'weights',
  'tokenizer',
  'labels',
  'config',
  'report',
] as const;
/** A file's role in a bundle. */
export type BundleRole = (typeof BUNDLE_ROLES)[number];

/** File names inside a bundle's generation folder (the TensorFlow.js LayersModel layout). */
export const ROLE_FILES: Record<BundleRole, string> = {
  model: 'model.json',
  weights: 'weights.bin',
  tokenizer: 'tokenizer.json',
  labels: 'labels.json',
  config: 'config.json',
  report: 'report.json',
};

const MiB = 1024 * 1024;
/**
 * The largest file of each role that is read at all (checked against the manifest and the file's
 * size before reading). The paper's largest model (30,001 x 200 embedding) is ~25 MB of weights.
 */
export const DEFAULT_SIZE_LIMITS: Record<BundleRole | 'manifest', number> = {
  manifest: 1 * MiB,
  model: 16 * MiB,
  weights: 2048 * MiB,
  tokenizer: 256 * MiB,
  labels: 4 * MiB,
  config: 4 * MiB,
  report: 64 * MiB,
};

/**
 * A path inside the bundle: relative, '/'-separated, at most two segments of letters, digits,
 * '.', '_' and '-', none of them '.' or '..'.
 */
export const bundlePathSchema = z
  .string()
  .max(200)
  .refine(
    (p) => {
      const parts = p.split('/');
      return (
        parts.length <= 2 &&
        parts.every((s) => /^[A-Za-z0-9._-]+$/.test(s) && s !== '.' && s !== '..')
      );
    },
    { error: "must be a relative path inside the bundle (no '..', no leading '/')" },
  );

const fileEntrySchema = z.strictObject({
  path: bundlePathSchema,
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be 64 lower-case hex digits' }),
});
/** One file recorded in the manifest. */
export type BundleFileEntry = z.infer<typeof fileEntrySchema>;

const column = z.union([z.string().min(1), z.number().int().nonnegative()]);

/** Zod schema of {@link BundleManifest}. */
export const bundleManifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT, { error: `format must be '${BUNDLE_FORMAT}'` }),
  version: z.literal(BUNDLE_VERSION, {
    error: `version must be ${BUNDLE_VERSION} (this version of @srnn/bundle reads version ${BUNDLE_VERSION} only)`,
  }),
  /** What wrote the bundle, e.g. '@srnn/pipeline 0.1.0'. */
  createdBy: z.string().max(200),
  files: z.strictObject({
    model: fileEntrySchema,
    weights: fileEntrySchema,
    tokenizer: fileEntrySchema,
    labels: fileEntrySchema,
    config: fileEntrySchema,
    report: fileEntrySchema.optional(),
  }),
  /** Facts every file must agree on; the validator checks each file against them. */
  agree: z.strictObject({
    /** Rows of the embedding matrix; every id the tokenizer emits is below it. */
    vocabularySize: z.number().int().min(2),
    /** Tokens per row the model reads. */
    maxLength: z.number().int().min(1),
    /** Class labels, index = class id (also in model.json's userDefinedMetadata.srnn.labels). */
    labels: z.array(z.string().min(1)).min(2),
    /** The text and label fields (column names or 0-based positions) used in training. */
    textField: column.optional(),
    labelField: column.optional(),
  }),
  /**
   * Recurrent cells the model needs, by registered name and npm package. Load them from what the
   * user installed: a bundle is data, never code.
   */
  cells: z.array(z.strictObject({ name: z.string().min(1), package: z.string().min(1) })),
  /** Content hash of the training data and of every setting (to tell a rerun from another run). */
  fingerprint: z
    .strictObject({
      data: z.string().regex(/^[0-9a-f]{64}$/),
      settings: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .optional(),
});

/** bundle.json: the format, every file with its size and SHA-256, and what the files agree on. */
export type BundleManifest = z.infer<typeof bundleManifestSchema>;
