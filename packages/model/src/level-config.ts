import { z } from 'zod';

/** The cell of one SRNN level: a registered cell name and its options (units, seed, ...). */
export interface LevelCell {
  /** A registered cell name, e.g. `'gru'`. */
  cell: string;
  /** The cell's options; validated by the cell's own schema. `name` is set by the layer. */
  options: { units: number } & Record<string, unknown>;
}

/** Zod schema of {@link LevelCell}. */
export const levelCellSchema = z.object({
  cell: z.string().min(1),
  options: z.looseObject({ units: z.number().int().positive() }),
});

/** Arguments of the {@link SlicedRNN} layer (also its serialized config). */
export interface SlicedRnnArgs {
  /** [n_1, ..., n_k] bottom-up, as in a SlicePlan; `[]` runs one encoder over the whole sequence. */
  slices: number[];
  /** l_0, the length of each minimal subsequence. */
  minimalLength: number;
  /** One cell per level, p = 0..k (so `slices.length + 1` entries). */
  levels: LevelCell[];
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
    name: z.string().min(1).optional(),
    trainable: z.boolean().optional(),
  })
  .refine((args) => args.levels.length === args.slices.length + 1, {
    path: ['levels'],
    message: 'needs one entry per level: slices.length + 1',
  });
