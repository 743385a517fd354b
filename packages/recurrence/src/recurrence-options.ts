import { parseOptions } from '@srnn/errors';
import { z } from 'zod';

/** How the recurrence is run: `auto` picks the fused kernel where it exists. */
export const IMPLEMENTATIONS = ['auto', 'fused', 'ops'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

/** Options of {@link gatedRecurrence}, any cell. */
export interface RecurrenceOptions {
  /**
   * Layout of the projections: `true` for `[steps, sequences, width]`, `false` (default) for
   * `[sequences, steps, width]`. Every-state output and the gradients come back in the same layout.
   */
  timeMajor?: boolean;
  /**
   * Run the steps from the last to the first (default false): the same as reversing the time axis
   * of the projections. Every-state output stays at the time index of its step, so it lines up
   * with a forward run's for a bidirectional layer.
   */
  reverse?: boolean;
  /** Return every state `[sequences, steps, units]` (or time-major) instead of the last one. */
  returnSequences?: boolean;
  /** `'auto'` (default): fused on cpu and wasm, else tfjs ops; `'fused'`: fused or an error; `'ops'`: tfjs ops. */
  implementation?: Implementation;
}

const flag = (field: string) =>
  z.boolean({ error: `${field} must be true or false` }).default(false);

/** The run-mode options every cell's recurrence takes (also merged into the GRU's options). */
export const recurrenceModeShape = {
  timeMajor: flag('timeMajor'),
  reverse: flag('reverse'),
  returnSequences: flag('returnSequences'),
  implementation: z
    .enum(IMPLEMENTATIONS, {
      error: () =>
        `implementation must be one of ${IMPLEMENTATIONS.map((n) => `'${n}'`).join(', ')}`,
    })
    .default('auto'),
};

const optionsSchema = z.strictObject(recurrenceModeShape);

export type ResolvedRecurrenceOptions = z.output<typeof optionsSchema>;

/** Validates the options; the error names each bad field and what it accepts. */
export function resolveRecurrenceOptions(options: unknown): ResolvedRecurrenceOptions {
  return parseOptions(optionsSchema, options, 'gatedRecurrence options');
}
