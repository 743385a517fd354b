/**
 * `pnpm reproduce` options: parsed by commander, validated here with zod so that every message names
 * the flag and what it accepts.
 */
import { OptionsError, parseOptions, renameFields } from '@srnn/errors';
import { z } from 'zod';

const WHOLE = 'must be a whole number >= 1';
const positiveInt = (error = WHOLE) => z.coerce.number({ error }).int({ error }).min(1, { error });

const list = () =>
  z
    .string()
    // Commas inside parentheses belong to a name such as SRNN(8,2).
    .transform((s) =>
      s
        .split(/,(?![^()[\]]*[)\]])/)
        .map((x) => x.trim())
        .filter((x) => x.length > 0),
    )
    .refine((l) => l.length > 0, { error: 'must list at least one value, comma-separated' });

const intList = () =>
  list().transform((l, ctx) =>
    l.map((x) => {
      const n = Number(x);
      if (!Number.isInteger(n) || n < 1) {
        ctx.addIssue({ code: 'custom', message: `must list whole numbers >= 1, got '${x}'` });
      }
      return n;
    }),
  );

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

export const experiments = ['all', 'table2', 'table3', 'variants', 'speed', 'scale'] as const;

/** Most seeds one run trains each model with (each seed is a full training). */
export const MAX_SEEDS = 20;

// One message for every way a count can be wrong, a list of seeds included (2018,2019 reads as NaN).
const SEED_COUNT = `must be a whole number from 1 to ${MAX_SEEDS}: how many seeds each model trains with (--seed, --seed + 1, ...), not a list of seeds`;
const seedCount = () => positiveInt(SEED_COUNT).max(MAX_SEEDS, { error: SEED_COUNT });

export const reproduceOptionsSchema = z.object({
  experiment: oneOf(experiments).default('all'),
  dataset: list().optional(),
  dataDir: z.string().min(1).optional(),
  models: list().optional(),
  cell: list().optional(),
  out: z.string().min(1).default('results'),
  maxLen: positiveInt().optional(),
  vocab: positiveInt().optional(),
  embeddingDim: positiveInt().optional(),
  units: positiveInt().optional(),
  epochs: positiveInt().optional(),
  batchSize: positiveInt().optional(),
  lr: z.coerce
    .number({ error: 'must be a number > 0' })
    .positive({ error: 'must be a number > 0' })
    .optional(),
  seed: z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .optional(),
  seeds: seedCount().optional(),
  glove: z.string().min(1).optional(),
  limit: positiveInt().optional(),
  documents: positiveInt().optional(),
  lengths: intList().optional(),
  table3Batch: positiveInt().optional(),
  steps: positiveInt().optional(),
  maxSeconds: positiveInt().optional(),
  batchSizes: intList().optional(),
  lengthBatch: positiveInt().optional(),
  rounds: positiveInt().optional(),
  peer: oneOf(['auto', 'skip']).default('auto'),
  python: z.string().min(1).optional(),
  threads: positiveInt().optional(),
  backend: oneOf(['auto', 'node-gpu', 'node', 'wasm', 'cpu']).default('auto'),
  progress: oneOf(['auto', 'bar', 'lines', 'none']).default('auto'),
});

export type ReproduceOptions = z.output<typeof reproduceOptionsSchema>;

/** Each option's command-line flag: `maxLen` -> `--max-len`, `table3Batch` -> `--table3-batch`. */
export const FLAG_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(reproduceOptionsSchema.shape).map((key) => [
    key,
    `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
  ]),
);

/**
 * Validates raw flag values; throws one OptionsError naming every bad flag
 * (`--epochs: must be a whole number >= 1; --backend: must be one of ...`).
 */
export function parseReproduceOptions(raw: Record<string, unknown>): ReproduceOptions {
  try {
    return parseOptions(reproduceOptionsSchema, raw, '');
  } catch (error) {
    if (error instanceof OptionsError) throw renameFields(error, FLAG_NAMES);
    throw error;
  }
}
