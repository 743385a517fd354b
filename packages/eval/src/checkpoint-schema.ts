import { z } from 'zod';

/**
 * The checkpoint manifest as read from disk: a user's folder, so every field is checked and file
 * names are confined to plain names of this package's own files (no paths).
 */
const finite = z.number().refine(Number.isFinite, { error: 'must be a finite number' });
const count = z.number().int().min(0);
const shape = z.array(count);

export const tensorEntrySchema = z.strictObject({
  name: z.string(),
  shape,
  dtype: z.enum(['float32', 'int32']),
  byteOffset: count,
  length: count,
});

const epochRecordSchema = z.object({
  epoch: z.number().int().min(1),
  loss: finite,
  trainAccuracy: finite,
  validationAccuracy: finite,
  validationLoss: finite,
  validationMacroF1: finite,
  seconds: finite,
  validationSeconds: finite,
  steps: count,
  tokens: count,
  positions: count,
  tokensPerSecond: z.number(),
  positionsPerSecond: z.number(),
});

export const bestFileSchema = z.string().regex(/^best-epoch-\d+(-\d+)?\.bin$/, {
  error: "must be a file name like 'best-epoch-3-7.bin'",
});

const bestSchema = z
  .strictObject({
    epoch: z.number().int().min(1),
    validationAccuracy: finite,
    file: bestFileSchema,
  })
  .nullable();

const fingerprintSchema = z.looseObject({
  seed: z.number().int(),
  batchSize: z.number().int().min(1),
  adam: z.looseObject({}),
  trainShape: z.tuple([count, count]),
  validationShape: z.tuple([count, count]),
  weightShapes: z.array(shape),
});

const accumulatorSchema = z.strictObject({
  lossSum: finite,
  correct: count,
  rows: count,
  tokens: count,
  positions: count,
  seconds: finite,
});

/** The stored result of a finished run (paths are rebuilt from the folder it is read from). */
const storedResultSchema = z.looseObject({
  status: z.literal('completed'),
  settings: z.looseObject({ epochs: z.number().int(), patience: z.number().int().nullable() }),
  backend: z.string(),
  history: z.array(epochRecordSchema),
  bestEpoch: z.number().int().min(1),
  bestValidationAccuracy: finite,
  test: z.looseObject({}).nullable(),
  stoppedEarly: z.boolean(),
});

const common = {
  format: z.literal('srnn-eval-checkpoint'),
  status: z.enum(['in-progress', 'completed']),
  fingerprint: fingerprintSchema,
  history: z.array(epochRecordSchema),
  best: bestSchema,
};

/** Version 2: everything that decides the next step, restored bit for bit. */
export const manifestV2Schema = z.strictObject({
  ...common,
  version: z.literal(2),
  /** Counts the checkpoints of the run; names the state file, so no write replaces a live one. */
  sequence: count,
  epochIndex: count,
  stepInEpoch: count,
  globalStep: count,
  epochRandomState: z.strictObject({ generator: z.literal('mulberry32'), state: count }),
  accumulator: accumulatorSchema,
  epochsWithoutImprovement: count,
  stoppedEarly: z.boolean(),
  optimizer: z.strictObject({
    runningPowers: z.strictObject({ beta1Power: finite, beta2Power: finite }),
  }),
  layout: z.strictObject({ backend: z.string(), productThreads: z.number().int().min(1) }),
  stateFile: z
    .string()
    .regex(/^state-\d+\.bin$/, { error: "must be a file name like 'state-12.bin'" }),
  modelEntries: z.array(tensorEntrySchema),
  optimizerEntries: z.array(tensorEntrySchema),
  result: storedResultSchema.optional(),
});

/**
 * Version 1 (the first release): read only to return a finished run. Its in-progress state used
 * another batch generator and no Adam running powers, so it cannot be continued exactly.
 */
export const manifestV1Schema = z.looseObject({
  ...common,
  version: z.literal(1),
  result: storedResultSchema.optional(),
});

export type ManifestV2 = z.infer<typeof manifestV2Schema>;
export type ManifestV1 = z.infer<typeof manifestV1Schema>;
