import { Tokenizer } from '@srnn/text';
import { fieldProblems, formatProblems } from '@srnn/errors';
import { BundleError } from './errors';
import { sha256Hex } from './hash';
import {
  bundleManifestSchema,
  DEFAULT_SIZE_LIMITS,
  MANIFEST_FILE,
  ROLE_FILES,
  type BundleManifest,
  type BundleRole,
} from './manifest';
import {
  checkWeights,
  compareFacts,
  modelFacts,
  weightSpecsOf,
  type WeightSpec,
} from './model-checks';
import type { BundleReader } from './reader';

/** The format tag of the first release's config.json (a directory without bundle.json). */
export const LEGACY_RUN_FORMAT = 'srnn-pipeline-run';

/** Options of {@link readBundle}. */
export interface ReadBundleOptions {
  /** Per-role size limits in bytes (default {@link DEFAULT_SIZE_LIMITS}). */
  limits?: Partial<typeof DEFAULT_SIZE_LIMITS>;
  /** Read a first-release directory (no bundle.json) with a notice (default true). */
  allowLegacy?: boolean;
}

/** Facts the bundle's files agree on. */
export type BundleFacts = BundleManifest['agree'];

/** A bundle read and checked as a whole. */
export interface BundleContents {
  /** The manifest; undefined for a first-release directory. */
  manifest?: BundleManifest;
  /** True for a first-release directory (no bundle.json, no hashes). */
  legacy: boolean;
  /** One-line notices for the user (e.g. that the directory is of an earlier format). */
  notices: string[];
  agree: BundleFacts;
  /** Cells the model needs; load them from installed packages only. */
  cells: BundleManifest['cells'];
  /** model.json as parsed (modelTopology, weightsManifest, userDefinedMetadata, ...). */
  model: Record<string, unknown>;
  weightSpecs: WeightSpec[];
  /** weights.bin, checked against the specs (size, finite floats). */
  weights: Uint8Array;
  tokenizer: Tokenizer;
  /** Class labels, index = class id. */
  labels: string[];
  /** config.json as parsed (the pipeline's run configuration). */
  config: Record<string, unknown>;
  report?: unknown;
}

/** What {@link validateBundle} returns. */
export type BundleValidation =
  { ok: true; contents: BundleContents } | { ok: false; error: BundleError };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const parent = (path: string) =>
  path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
const cellPackage = (name: string) => ({ name, package: `@srnn/cell-${name}` });

class Files {
  constructor(
    private readonly reader: BundleReader,
    private readonly limits: typeof DEFAULT_SIZE_LIMITS,
  ) {}

  name(path: string): string {
    return this.reader.describe ? this.reader.describe(path) : path;
  }

  fail(path: string, problem: string): never {
    throw new BundleError(this.name(path), problem);
  }

  /** The bytes of `path`, bounded by the role's limit and checked against the manifest entry. */
  async bytes(
    role: BundleRole | 'manifest',
    path: string,
    entry?: { size: number; sha256: string },
  ): Promise<Uint8Array> {
    const limit = this.limits[role];
    const size = await this.reader.size(path).catch((e: Error) => this.fail(path, e.message));
    if (size === undefined) {
      this.fail(
        path,
        role === 'manifest'
          ? 'not found'
          : `missing: the ${role} file of the bundle${entry ? ' (bundle.json lists it)' : ''}`,
      );
    }
    if (size > limit)
      this.fail(path, `is ${size} bytes, more than the ${limit}-byte limit for a ${role} file`);
    if (entry && size !== entry.size)
      this.fail(
        path,
        `is ${size} bytes but bundle.json records ${entry.size}: changed or damaged since it was written`,
      );
    if (size === 0 && role !== 'weights')
      this.fail(path, 'is empty (0 bytes): an interrupted write?');
    const bytes = await this.reader
      .read(path, size)
      .catch((e: Error) => this.fail(path, e.message));
    if (entry && (await sha256Hex(bytes)) !== entry.sha256)
      this.fail(
        path,
        'content does not match the SHA-256 that bundle.json records: changed or damaged since it was written',
      );
    return bytes;
  }

  async json(
    role: BundleRole | 'manifest',
    path: string,
    entry?: { size: number; sha256: string },
  ): Promise<unknown> {
    const bytes = await this.bytes(role, path, entry);
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    } catch (error) {
      return this.fail(path, `is not valid JSON (${(error as Error).message})`);
    }
  }
}

function checkModelAndWeights(
  files: Files,
  modelPath: string,
  model: unknown,
  weightsPath: string,
) {
  if (!isObject(model)) files.fail(modelPath, 'must hold a JSON object');
  const parsed = weightSpecsOf(model);
  if (typeof parsed === 'string') files.fail(modelPath, parsed);
  const expected = weightsPath.slice(parent(modelPath).length);
  const stray = parsed.paths.find((p) => p !== expected);
  if (stray !== undefined || parsed.paths.length !== 1) {
    files.fail(
      modelPath,
      `weightsManifest must name the one weights file ${JSON.stringify(expected)}; it names ${JSON.stringify(stray ?? parsed.paths)}`,
    );
  }
  return { model, specs: parsed.specs };
}

async function readTokenizer(files: Files, path: string, json: unknown, vocabularySize: number) {
  let tokenizer: Tokenizer;
  try {
    tokenizer = Tokenizer.fromJSON(json as object);
  } catch (error) {
    return files.fail(path, `is not a tokenizer file: ${(error as Error).message}`);
  }
  const rows = Math.min(tokenizer.vocabularySize, tokenizer.wordIndex.size + 1);
  if (rows !== vocabularySize) {
    files.fail(
      path,
      `this tokenizer emits ids below ${rows} but the model's embedding has ${vocabularySize} rows: the tokenizer of another model?`,
    );
  }
  return tokenizer;
}

function checkLabels(
  files: Files,
  path: string,
  json: unknown,
  expected: readonly string[],
): string[] {
  const labels = isObject(json) ? json['labels'] : undefined;
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string'))
    files.fail(path, 'must be {"labels": [label, ...]}');
  if (JSON.stringify(labels) !== JSON.stringify(expected)) {
    files.fail(
      path,
      `lists ${labels.length} labels ${JSON.stringify(labels).slice(0, 200)} but the model was trained with ${expected.length}: ${JSON.stringify(expected).slice(0, 200)} (order matters: index = class)`,
    );
  }
  return labels as string[];
}

function checkConfig(files: Files, path: string, json: unknown, agree: BundleFacts): Json {
  if (!isObject(json) || json['format'] !== LEGACY_RUN_FORMAT || json['version'] !== 1)
    files.fail(path, `expected format '${LEGACY_RUN_FORMAT}' version 1`);
  const data = isObject(json['data']) ? json['data'] : {};
  for (const [key, value] of [
    ['maxLength', agree.maxLength],
    ['vocabularySize', agree.vocabularySize],
    ['classes', agree.labels.length],
  ] as const) {
    if (data[key] !== value)
      files.fail(path, `data.${key} is ${JSON.stringify(data[key])} but the model's is ${value}`);
  }
  return json;
}

async function readCurrent(files: Files, manifestJson: unknown): Promise<BundleContents> {
  const parsed = bundleManifestSchema.safeParse(manifestJson);
  if (!parsed.success) {
    // The first problem (fieldProblems puts unknown keys first), with the value too (e.g. the
    // path that leaves the bundle), shortened.
    const [first] = fieldProblems(parsed.error, {
      wholeValue: '(manifest)',
      schema: bundleManifestSchema,
    });
    const issue =
      parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0]!;
    const value = issue.path.reduce<unknown>(
      (v, key) => (isObject(v) || Array.isArray(v) ? (v as Json)[key as string] : undefined),
      manifestJson,
    );
    const shown =
      typeof value === 'string' || typeof value === 'number'
        ? ` (got ${JSON.stringify(value).slice(0, 120)})`
        : '';
    files.fail(MANIFEST_FILE, `${formatProblems('', [first!])}${shown}`);
  }
  const manifest = parsed.data;
  const { files: entries, agree } = manifest;
  const modelJson = await files.json('model', entries.model.path, entries.model);
  const { model, specs } = checkModelAndWeights(
    files,
    entries.model.path,
    modelJson,
    entries.weights.path,
  );
  const facts = modelFacts(model);
  const disagreement = compareFacts(facts, agree);
  if (disagreement) files.fail(entries.model.path, disagreement);
  const missingCell = facts.cells.find((c) => !manifest.cells.some((m) => m.name === c));
  if (missingCell)
    files.fail(MANIFEST_FILE, `cells does not list the cell '${missingCell}' that model.json uses`);
  const weights = await files.bytes('weights', entries.weights.path, entries.weights);
  const weightProblem = checkWeights(specs, weights);
  if (weightProblem) files.fail(entries.weights.path, weightProblem);
  const tokenizer = await readTokenizer(
    files,
    entries.tokenizer.path,
    await files.json('tokenizer', entries.tokenizer.path, entries.tokenizer),
    agree.vocabularySize,
  );
  const labels = checkLabels(
    files,
    entries.labels.path,
    await files.json('labels', entries.labels.path, entries.labels),
    agree.labels,
  );
  const config = checkConfig(
    files,
    entries.config.path,
    await files.json('config', entries.config.path, entries.config),
    agree,
  );
  const report = entries.report
    ? await files.json('report', entries.report.path, entries.report)
    : undefined;
  return {
    manifest,
    legacy: false,
    notices: [],
    agree,
    cells: manifest.cells,
    model,
    weightSpecs: specs,
    weights,
    tokenizer,
    labels,
    config,
    ...(report !== undefined ? { report } : {}),
  };
}

async function readLegacy(files: Files): Promise<BundleContents> {
  const config = await files.json('config', ROLE_FILES.config);
  if (!isObject(config) || config['format'] !== LEGACY_RUN_FORMAT || config['version'] !== 1)
    files.fail(
      ROLE_FILES.config,
      `expected format '${LEGACY_RUN_FORMAT}' version 1 (or a ${MANIFEST_FILE})`,
    );
  const data = isObject(config['data']) ? config['data'] : {};
  const labelsJson = await files.json('labels', ROLE_FILES.labels);
  const labels = isObject(labelsJson) ? labelsJson['labels'] : undefined;
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === 'string'))
    files.fail(ROLE_FILES.labels, 'must be {"labels": [label, label, ...]} with at least 2 labels');
  if (typeof data['maxLength'] !== 'number' || typeof data['vocabularySize'] !== 'number')
    files.fail(ROLE_FILES.config, 'data.maxLength and data.vocabularySize must be numbers');
  const agree: BundleFacts = {
    maxLength: data['maxLength'],
    vocabularySize: data['vocabularySize'],
    labels: labels as string[],
  };
  const modelJson = await files.json('model', ROLE_FILES.model);
  const { model, specs } = checkModelAndWeights(
    files,
    ROLE_FILES.model,
    modelJson,
    ROLE_FILES.weights,
  );
  const facts = modelFacts(model);
  const disagreement = compareFacts(facts, agree);
  if (disagreement) files.fail(ROLE_FILES.model, disagreement);
  const weights = await files.bytes('weights', ROLE_FILES.weights);
  const weightProblem = checkWeights(specs, weights);
  if (weightProblem) files.fail(ROLE_FILES.weights, weightProblem);
  const tokenizer = await readTokenizer(
    files,
    ROLE_FILES.tokenizer,
    await files.json('tokenizer', ROLE_FILES.tokenizer),
    agree.vocabularySize,
  );
  checkConfig(files, ROLE_FILES.config, config, agree);
  return {
    legacy: true,
    notices: [
      `${files.name(ROLE_FILES.config).replace(/config\.json$/, '')} was written by an earlier version (no ${MANIFEST_FILE}): files checked for consistency, without content hashes`,
    ],
    agree,
    cells: facts.cells.filter((c, i) => facts.cells.indexOf(c) === i).map(cellPackage),
    model,
    weightSpecs: specs,
    weights,
    tokenizer,
    labels: agree.labels,
    config,
  };
}

/**
 * Reads a bundle and checks it as a whole: the manifest's format and version, every file's size
 * (bounded before reading) and SHA-256, valid JSON, weights that match model.json's specs exactly
 * and hold no NaN or infinity, and that model.json, tokenizer.json, labels.json and config.json
 * agree on vocabulary size, maxLength and the label list. A directory of the first release (no
 * bundle.json, config.json of format 'srnn-pipeline-run') is read with a notice unless
 * `allowLegacy` is false.
 *
 * @throws BundleError naming the file that disagrees and what is wrong.
 */
export async function readBundle(
  reader: BundleReader,
  options: ReadBundleOptions = {},
): Promise<BundleContents> {
  const files = new Files(reader, { ...DEFAULT_SIZE_LIMITS, ...options.limits });
  const manifestSize = await reader.size(MANIFEST_FILE).catch(() => undefined);
  if (manifestSize === undefined) {
    const legacy = await reader.size(ROLE_FILES.config).catch(() => undefined);
    if (legacy === undefined || options.allowLegacy === false) {
      files.fail(
        MANIFEST_FILE,
        `not found: the directory is not a trained model directory (expected ${MANIFEST_FILE}, written by srnn train / @srnn/bundle)`,
      );
    }
    return readLegacy(files);
  }
  return readCurrent(files, await files.json('manifest', MANIFEST_FILE));
}

/** {@link readBundle} without throwing: the contents, or the first problem found. */
export async function validateBundle(
  reader: BundleReader,
  options: ReadBundleOptions = {},
): Promise<BundleValidation> {
  try {
    return { ok: true, contents: await readBundle(reader, options) };
  } catch (error) {
    if (error instanceof BundleError) return { ok: false, error };
    throw error;
  }
}
