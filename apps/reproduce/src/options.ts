/**
 * `pnpm reproduce` options: parsed by commander, validated here with zod so that every message names
 * the flag and what it accepts.
 */
import { z } from 'zod';

const positiveInt = (flag: string) =>
  z.coerce
    .number({ error: `${flag} must be a whole number >= 1` })
    .int({ error: `${flag} must be a whole number >= 1` })
    .min(1, { error: `${flag} must be a whole number >= 1` });

const list = (flag: string) =>
  z
    .string()
    // Commas inside parentheses belong to a name such as SRNN(8,2).
    .transform((s) =>
      s
        .split(/,(?![^()[\]]*[)\]])/)
        .map((x) => x.trim())
        .filter((x) => x.length > 0),
    )
    .refine((l) => l.length > 0, {
      error: `${flag} must list at least one value, comma-separated`,
    });

const intList = (flag: string) =>
  list(flag).transform((l, ctx) =>
    l.map((x) => {
      const n = Number(x);
      if (!Number.isInteger(n) || n < 1) {
        ctx.addIssue({
          code: 'custom',
          message: `${flag} must list whole numbers >= 1, got '${x}'`,
        });
      }
      return n;
    }),
  );

export const experiments = ['all', 'table2', 'table3', 'speed', 'scale'] as const;

export const reproduceOptionsSchema = z.object({
  experiment: z
    .enum(experiments, { error: `--experiment must be one of ${experiments.join(', ')}` })
    .default('all'),
  dataset: list('--dataset').optional(),
  dataDir: z.string().min(1).optional(),
  models: list('--models').optional(),
  cell: list('--cell').optional(),
  out: z.string().min(1).default('results'),
  maxLen: positiveInt('--max-len').optional(),
  vocab: positiveInt('--vocab').optional(),
  embeddingDim: positiveInt('--embedding-dim').optional(),
  units: positiveInt('--units').optional(),
  epochs: positiveInt('--epochs').optional(),
  batchSize: positiveInt('--batch-size').optional(),
  lr: z.coerce
    .number({ error: '--lr must be a number > 0' })
    .positive({ error: '--lr must be a number > 0' })
    .optional(),
  seed: z.coerce
    .number({ error: '--seed must be a whole number' })
    .int({ error: '--seed must be a whole number' })
    .optional(),
  glove: z.string().min(1).optional(),
  limit: positiveInt('--limit').optional(),
  documents: positiveInt('--documents').optional(),
  lengths: intList('--lengths').optional(),
  table3Batch: positiveInt('--table3-batch').optional(),
  steps: positiveInt('--steps').optional(),
  maxSeconds: positiveInt('--max-seconds').optional(),
  batchSizes: intList('--batch-sizes').optional(),
  lengthBatch: positiveInt('--length-batch').optional(),
  rounds: positiveInt('--rounds').optional(),
  peer: z.enum(['auto', 'skip'], { error: '--peer must be one of auto, skip' }).default('auto'),
  python: z.string().min(1).optional(),
  threads: positiveInt('--threads').optional(),
  backend: z
    .enum(['auto', 'node-gpu', 'node', 'wasm', 'cpu'], {
      error: '--backend must be one of auto, node-gpu, node, wasm, cpu',
    })
    .default('auto'),
  progress: z
    .enum(['auto', 'bar', 'lines', 'none'], {
      error: '--progress must be one of auto, bar, lines, none',
    })
    .default('auto'),
});

export type ReproduceOptions = z.output<typeof reproduceOptionsSchema>;

/** Validates raw flag values; throws an Error whose message lists every bad flag. */
export function parseReproduceOptions(raw: Record<string, unknown>): ReproduceOptions {
  const parsed = reproduceOptionsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
}
