/**
 * The run JSON the README's result sections are generated from: report.json of `pnpm reproduce`
 * and speed.json of `pnpm bench`, as committed under docs/results/. Only the fields the sections
 * read are checked; a file that lacks one is refused with the file, the field and what was
 * expected, never rendered with a hole.
 */
import { readFile } from 'node:fs/promises';
import { FileError, parseOptions } from '@srnn/errors';
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, { error: 'expected a finite number' });

const machineSchema = z.looseObject({
  cpuModel: z.string(),
  cores: z.number().int().min(1),
  memoryBytes: finite,
  platform: z.string(),
  arch: z.string(),
  nodeVersion: z.string(),
  tfVersion: z.string(),
});

/** Load averages over 1, 5 and 15 minutes (os.loadavg()) when the run started. */
const conditionsSchema = z.looseObject({
  startedAt: z.iso.datetime(),
  seconds: finite.min(0),
  loadAverageAtStart: z.array(finite).length(3),
});

const table2RunSchema = z.looseObject({
  dataset: z.string(),
  model: z.string(),
  secondsPerEpoch: finite,
  bestValidationAccuracy: finite,
  testAccuracy: finite.optional(),
  /** Mean training loss of each epoch, in order. */
  epochLosses: z.array(finite).optional(),
  bestEpoch: z.number().int().min(1).optional(),
  /** The training seed (runs written before seeds were recorded have none). */
  seed: z.number().int().optional(),
});

/** Mean, sample standard deviation (divisor n - 1) and range over a model's seeds. */
const spreadSchema = z.looseObject({
  n: z.number().int().min(1),
  mean: finite,
  sd: finite.min(0),
  min: finite,
  max: finite,
});

const seedSummarySchema = z.looseObject({
  model: z.string(),
  seeds: z.array(z.number().int()).min(1),
  testAccuracy: spreadSchema.optional(),
  bestValidationAccuracy: spreadSchema,
  secondsPerEpoch: spreadSchema,
});

const table2DatasetSchema = z.looseObject({
  dataset: z.string(),
  documents: z.number().int().min(0),
  maxLength: z.number().int().min(1),
  meanTokens: finite,
  runs: z.array(table2RunSchema),
  interrupted: z.string().optional(),
  /** Records skipped as invalid, by reason. */
  skipped: z.record(z.string(), z.number().int().min(0)).optional(),
  /** One per model when each trained with several seeds. */
  summaries: z.array(seedSummarySchema).optional(),
  failures: z
    .array(z.looseObject({ model: z.string(), seed: z.number().int(), message: z.string() }))
    .optional(),
});

const table3RowSchema = z.looseObject({
  sequenceLength: z.number().int().min(1),
  srnn: z.string(),
  srnnMsPerStep: finite,
  gruMsPerStep: finite.optional(),
  tfjsGruMsPerStep: finite.optional(),
  speedup: finite.optional(),
  speedupVsTfjs: finite.optional(),
  batchSize: z.number().int().min(1),
  paper: z.looseObject({ speedup: finite }).optional(),
});

export const reproduceRunSchema = z.looseObject({
  generatedAt: z.iso.datetime(),
  machine: machineSchema,
  extra: z.looseObject({
    settings: z.looseObject({
      experiment: z.string().optional(),
      seeds: z.array(z.number().int()).optional(),
      vocabulary: z.number().int(),
      embeddingDim: z.number().int(),
      units: z.number().int(),
      batchSize: z.number().int(),
      epochs: z.number().int().optional(),
      datasets: z
        .array(
          z.looseObject({ id: z.string(), maxLength: z.number().int(), epochs: z.number().int() }),
        )
        .optional(),
      table3Sizes: z.looseObject({
        vocabulary: z.number().int(),
        embeddingDim: z.number().int(),
        units: z.number().int(),
        classes: z.number().int(),
      }),
    }),
    table2: z.array(table2DatasetSchema),
    table3: z.array(table3RowSchema),
    backend: z.string(),
    conditions: conditionsSchema,
  }),
});

export type ReproduceRun = z.output<typeof reproduceRunSchema>;

const speedRowSchema = z.looseObject({
  section: z.string(),
  model: z.string(),
  length: z.number().int().min(1),
  batch: z.number().int().min(1),
  /** 'uniform' or 'natural' token ids; absent in runs made before natural-text rows. */
  ids: z.string().optional(),
  msPerStep: finite.optional(),
  roundsMs: z.array(finite).optional(),
  skipped: z.string().optional(),
  speedupVsOurGru: finite.optional(),
  speedupVsTfjsGru: finite.optional(),
  vsPytorch: finite.optional(),
  /** The SRNN row's cell (gru when absent) and, for another cell, its time over the GRU's. */
  cell: z.string().optional(),
  skipPadding: z.boolean().optional(),
  /** Timed with the product tiles' separate multiply and add (where the default is relaxed). */
  separateMultiplyAdd: z.boolean().optional(),
  timeVsGruSrnn: finite.optional(),
  /** The wasm heap's high-water mark after the row, MiB (absent off wasm). */
  heapMiB: finite.optional(),
});

/** In-browser inference beside Node's; absent in runs made before it, or why it was skipped. */
const browserSchema = z.union([
  z.looseObject({ skipped: z.string() }),
  z.looseObject({
    model: z.string(),
    textsFile: z.string(),
    texts: z.number().int().min(1),
    distinctTexts: z.number().int().min(1),
    repeats: z.number().int().min(1),
    chromium: z.string(),
    rows: z.array(
      z.looseObject({
        where: z.enum(['node', 'chromium']),
        backend: z.string(),
        documentsPerSecond: finite,
      }),
    ),
    browserToNode: finite.optional(),
  }),
]);

const peerRowSchema = z.looseObject({
  model: z.string(),
  length: z.number().int(),
  batch: z.number().int(),
  ids: z.string().optional(),
  threads: z.number().int(),
  medianMs: finite,
  roundsMs: z.array(finite),
  version: z.string(),
});

export const benchRunSchema = z.looseObject({
  generatedAt: z.iso.datetime(),
  machine: machineSchema,
  extra: z.looseObject({
    settings: z.looseObject({
      stepLength: z.number().int(),
      rounds: z.number().int(),
      sizes: z.looseObject({
        vocabulary: z.number().int(),
        embeddingDim: z.number().int(),
        units: z.number().int(),
        classes: z.number().int(),
      }),
    }),
    speed: z.looseObject({
      rows: z.array(speedRowSchema),
      inference: z.array(
        z.looseObject({
          model: z.string(),
          length: z.number().int(),
          batch: z.number().int(),
          documentsPerSecond: finite,
        }),
      ),
      peer: z.array(peerRowSchema),
      peerSkipped: z.string().optional(),
      batches: z.array(
        z.looseObject({
          ids: z.string(),
          batch: z.number().int(),
          length: z.number().int(),
          realShare: finite,
          distinctShare: finite,
          meanTokens: finite,
        }),
      ),
      products: z.array(
        z.looseObject({
          who: z.enum(['ours', 'pytorch']),
          rows: z.number().int(),
          inner: z.number().int(),
          cols: z.number().int(),
          threads: z.number().int().optional(),
          medianMs: finite,
          gflops: finite,
        }),
      ),
      naturalText: z.looseObject({
        dataset: z.string(),
        meanWords: finite,
        zipfExponent: finite,
        lengthSigma: finite,
        seed: z.number().int(),
      }),
      browser: browserSchema.optional(),
    }),
    backend: z.string(),
    conditions: conditionsSchema,
  }),
});

export type BenchRun = z.output<typeof benchRunSchema>;

/** Parses one run file; the error names the file and every bad field with what it expected. */
export function parseRunJson<S extends z.ZodType>(file: string, text: string, schema: S) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FileError(file, 0, `not JSON (${(error as Error).message})`);
  }
  return parseOptions(schema, value, `${file} (not the JSON of a run this version writes)`);
}

export async function readRunJson<S extends z.ZodType>(file: string, schema: S) {
  return parseRunJson(file, await readFile(file, 'utf8'), schema);
}

/**
 * scale.json of `pnpm reproduce --experiment scale`: its report is rendered by the experiment's own
 * Markdown writer, so only what the section's first sentence reads is checked here, and that a
 * report is there.
 */
export const scaleRunSchema = z.looseObject({
  generatedAt: z.iso.datetime(),
  machine: machineSchema,
  extra: z.looseObject({
    settings: z.looseObject({ dataset: z.string(), spec: z.string() }),
    scale: z.looseObject({
      documents: z.number().int().min(1),
      variants: z.array(z.looseObject({ label: z.string(), msPerStep: finite })).min(1),
    }),
    backend: z.string(),
    conditions: conditionsSchema,
  }),
});

export type ScaleRun = z.output<typeof scaleRunSchema>;
