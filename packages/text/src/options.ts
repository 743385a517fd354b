import { z } from 'zod';
import { parseOptions } from '@srnn/errors';

/** The punctuation Keras filters by default (everything in ASCII punctuation but `'`), plus tab and newline. */
export const DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Options of {@link Tokenizer}; every field is optional and defaults as in Keras. */
export interface TokenizerOptions {
  /**
   * Encoding keeps only indices below this: the `numWords - 1` most frequent words, or
   * `numWords - 2` with an OOV token (which takes index 1). Default null: keep all.
   */
  numWords?: number | null;
  /** Characters replaced by the separator before splitting. Default {@link DEFAULT_FILTERS}. */
  filters?: string;
  /** Lower-case the text first. Default true. */
  lower?: boolean;
  /** The separator words are split on. Default a single space. */
  split?: string;
  /** Token that stands for out-of-vocabulary words; it gets index 1. Default null: such words are dropped. */
  oovToken?: string | null;
}

/** Options of {@link textToWordSequence}. */
export interface WordSequenceOptions {
  /** Characters replaced by the separator before splitting. Default {@link DEFAULT_FILTERS}. */
  filters?: string;
  /** Lower-case the text first. Default true. */
  lower?: boolean;
  /** The separator words are split on. Default a single space. */
  split?: string;
}

/** Where padding or truncation happens: before the sequence ('pre', the Keras default) or after it. */
export type PadSide = 'pre' | 'post';

/** How one sequence is fitted into a row of fixed length. */
export interface RowPadOptions {
  /** Side that receives the padding value when the sequence is short. Default 'pre'. */
  padding?: PadSide;
  /** Side that loses tokens when the sequence is long. Default 'pre' (keeps the last tokens). */
  truncating?: PadSide;
  /** The padding value, an int32. Default 0. */
  value?: number;
}

/** Options of {@link padSequences}. */
export interface PadOptions extends RowPadOptions {
  /** Row length. Default (undefined or null): the longest sequence's length. */
  maxLen?: number | null;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const side = (field: string) =>
  z.enum(['pre', 'post'], {
    error: (issue) => `${field} must be 'pre' or 'post', got ${describe(issue.input)}`,
  });

const int32Value = z
  .number({ error: (issue) => `value must be an int32 number, got ${describe(issue.input)}` })
  .refine((v) => Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX, {
    error: (issue) =>
      `value must be an integer in [${INT32_MIN}, ${INT32_MAX}] (it is stored in an Int32Array), got ${describe(issue.input)}`,
  });

const separator = (field: string) =>
  z
    .string({
      error: (issue) => `${field} must be a non-empty string, got ${describe(issue.input)}`,
    })
    .min(1, {
      error: `${field} must be a non-empty string (Python's str.split rejects an empty separator)`,
    });

const wordSequenceShape = {
  filters: z
    .string({
      error: (issue) => `filters must be a string of characters, got ${describe(issue.input)}`,
    })
    .default(DEFAULT_FILTERS),
  lower: z
    .boolean({ error: (issue) => `lower must be true or false, got ${describe(issue.input)}` })
    .default(true),
  split: separator('split').default(' '),
};

const tokenizerSchema = z.strictObject(
  {
    numWords: z
      .number({
        error: (issue) => `numWords must be an integer >= 1 or null, got ${describe(issue.input)}`,
      })
      .int({
        error: (issue) => `numWords must be an integer >= 1 or null, got ${describe(issue.input)}`,
      })
      .min(1, {
        error: (issue) => `numWords must be an integer >= 1 or null, got ${describe(issue.input)}`,
      })
      .nullish()
      .transform((v) => v ?? null),
    ...wordSequenceShape,
    oovToken: z
      .string({
        error: (issue) => `oovToken must be a string or null, got ${describe(issue.input)}`,
      })
      .nullish()
      .transform((v) => v ?? null),
  },
  {
    error: (issue) => `options must be an object, got ${describe(issue.input)}`,
  },
);

const wordSequenceSchema = z.strictObject(wordSequenceShape, {
  error: (issue) => `options must be an object, got ${describe(issue.input)}`,
});

const rowPadShape = {
  padding: side('padding').default('pre'),
  truncating: side('truncating').default('pre'),
  value: int32Value.default(0),
};

const rowPadSchema = z.strictObject(rowPadShape, {
  error: (issue) => `options must be an object, got ${describe(issue.input)}`,
});

const padSchema = z.strictObject(
  {
    maxLen: z
      .number({
        error: (issue) => `maxLen must be an integer >= 0 or null, got ${describe(issue.input)}`,
      })
      .int({
        error: (issue) => `maxLen must be an integer >= 0 or null, got ${describe(issue.input)}`,
      })
      .min(0, {
        error: (issue) => `maxLen must be an integer >= 0 or null, got ${describe(issue.input)}`,
      })
      .nullish()
      .transform((v) => v ?? null),
    ...rowPadShape,
  },
  {
    error: (issue) => `options must be an object, got ${describe(issue.input)}`,
  },
);

export type ResolvedTokenizerOptions = z.output<typeof tokenizerSchema>;
export type ResolvedWordSequenceOptions = z.output<typeof wordSequenceSchema>;
export type ResolvedRowPadOptions = z.output<typeof rowPadSchema>;
export type ResolvedPadOptions = z.output<typeof padSchema>;

function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  return parseOptions(schema, input ?? {}, where);
}

/** Validates tokenizer options and fills in the Keras defaults. */
export const resolveTokenizerOptions = (input: unknown): ResolvedTokenizerOptions =>
  parse(tokenizerSchema, input, 'Tokenizer options');

/** Validates textToWordSequence options and fills in the Keras defaults. */
export const resolveWordSequenceOptions = (input: unknown): ResolvedWordSequenceOptions =>
  parse(wordSequenceSchema, input, 'textToWordSequence options');

const DEFAULT_ROW_PAD: ResolvedRowPadOptions = Object.freeze({
  padding: 'pre',
  truncating: 'pre',
  value: 0,
});

/** Validates one row's padding options; the common no-options call skips validation. */
export const resolveRowPadOptions = (input: unknown, where: string): ResolvedRowPadOptions =>
  input === undefined ? DEFAULT_ROW_PAD : parse(rowPadSchema, input, where);

/** Validates padSequences options and fills in the Keras defaults. */
export const resolvePadOptions = (input: unknown): ResolvedPadOptions =>
  parse(padSchema, input, 'padSequences options');
