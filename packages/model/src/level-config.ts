import { z } from 'zod';

/** How a bidirectional level joins its forward and backward states. */
export const merges = ['concat', 'sum', 'average'] as const;
/** One of {@link merges}: `concat` doubles the width; `sum` and `average` keep it. */
export type Merge = (typeof merges)[number];

/** The cell of one SRNN level and how the level runs it. */
export interface LevelCell {
  /** A registered cell name, e.g. `'gru'`. */
  cell: string;
  /** The cell's options; validated by the cell's own schema. `name` is set by the layer. */
  options: { units: number } & Record<string, unknown>;
  /** Also run every sequence backwards, with an encoder of its own, and merge. Default false. */
  bidirectional?: boolean;
  /** How forward and backward states merge (bidirectional only). Default `'concat'`. */
  merge?: Merge;
  /**
   * Pool every state of each sequence by attention instead of taking the last one;
   * `units` is the width of the attention's hidden layer.
   */
  attention?: { units: number };
}

const mergeSchema = z.enum(merges, {
  error: () => `must be one of ${merges.map((m) => `'${m}'`).join(', ')}`,
});

/** Zod schema of {@link LevelCell}. */
export const levelCellSchema = z.object({
  cell: z.string().min(1),
  options: z.looseObject({ units: z.number().int().positive() }),
  bidirectional: z.boolean().optional(),
  merge: mergeSchema.optional(),
  attention: z.strictObject({ units: z.number().int().positive() }).optional(),
});

/** The width of a level's output: its units, doubled by a concatenating bidirectional merge. */
export function levelWidth(level: LevelCell): number {
  const doubled = level.bidirectional === true && (level.merge ?? 'concat') === 'concat';
  return doubled ? 2 * level.options.units : level.options.units;
}

/** Arguments of the {@link SlicedRNN} layer (also its serialized config). */
export interface SlicedRnnArgs {
  /** [n_1, ..., n_k] bottom-up, as in a SlicePlan; `[]` runs one encoder over the whole sequence. */
  slices: number[];
  /** l_0, the length of each minimal subsequence. */
  minimalLength: number;
  /** One cell per level, p = 0..k (so `slices.length + 1` entries). */
  levels: LevelCell[];
  /**
   * Run each level only over the sequences that hold at least one real token (id != 0): those
   * are gathered into a compact batch and their states scattered back; the others get a zero
   * state, and attention ignores them and padding steps. Needs the token ids as the layer's second
   * input. Default false: the paper's computation, every subsequence has its own state.
   */
  skipPadding?: boolean;
  /** Dropout rate on the states passed from one level to the next, in training only. Default 0. */
  dropout?: number;
  /** Seed of the dropout masks: the same seed gives the same masks in the same order of steps. */
  dropoutSeed?: number;
  /** Layer name. */
  name?: string;
  /** Whether the level encoders' weights are trained. Default true. */
  trainable?: boolean;
}

/** Zod schema of {@link SlicedRnnArgs}, checking that there is one level per slicing plus one. */
export const slicedRnnArgsSchema = z
  .object({
    slices: z.array(z.number().int().min(2, 'every slice number must be an integer >= 2')),
    minimalLength: z.number().int().positive(),
    levels: z.array(levelCellSchema).min(1),
    skipPadding: z.boolean().optional(),
    dropout: z.number().min(0).lt(1, 'must be a rate in [0, 1)').optional(),
    dropoutSeed: z.number().int().optional(),
    name: z.string().min(1).optional(),
    trainable: z.boolean().optional(),
  })
  .refine((args) => args.levels.length === args.slices.length + 1, {
    path: ['levels'],
    message: 'needs one entry per level: slices.length + 1',
  });
