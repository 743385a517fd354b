import { fieldProblems, OptionsError, quoteInput } from '@srnn/errors';
import type { z } from 'zod';

/** Bounds on a tokenizer file read by `Tokenizer.fromJSON`: a file is untrusted input. */
export interface TokenizerLimits {
  /**
   * Most distinct words (and word index entries) accepted, and the largest `numWords`. The
   * default, 5,000,000, is several times the vocabulary of the paper's largest data set.
   */
  maxWords?: number;
  /** Longest JSON string accepted, in characters (default 256 Mi). */
  maxChars?: number;
}

/** The default {@link TokenizerLimits}. */
export const TOKENIZER_LIMITS: Readonly<Required<TokenizerLimits>> = Object.freeze({
  maxWords: 5_000_000,
  maxChars: 256 * 1024 * 1024,
});

/** Fills in the defaults, checking the values given. */
export function resolveLimits(limits: TokenizerLimits | undefined): Required<TokenizerLimits> {
  const resolved = { ...TOKENIZER_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(
        `Tokenizer.fromJSON: ${name} must be an integer >= 1, got ${String(value)}`,
      );
    }
  }
  return resolved;
}

export { quoteInput } from '@srnn/errors';

/**
 * The error for a tokenizer file that fails its schema: `where: field: problem; ...`, naming at
 * most `keep` fields (a huge file can have as many problems as entries).
 */
export function invalidFile(where: string, error: z.ZodError, keep = 3): OptionsError {
  const problems = fieldProblems(error, { wholeValue: '(root)' });
  const shown = problems.slice(0, keep);
  if (problems.length > keep)
    shown.push({ field: '', message: `and ${problems.length - keep} more problems` });
  return new OptionsError(where, shown);
}

/**
 * Checks a word index: every index an integer from 1 to entries + 1 (Keras numbers words 1 to N;
 * a Keras quirk with an OOV token that is also a word can leave one gap), and no index given to
 * two words. Indices decide the embedding matrix's size, so they must stay near the entry count.
 */
export function checkWordIndex(
  entries: Iterable<[string, number]>,
  size: number,
  what: string,
): void {
  const max = size + 1;
  const owners = new Map<number, string>();
  for (const [word, index] of entries) {
    if (!Number.isInteger(index) || index < 1 || index > max) {
      throw new RangeError(
        `${what} maps ${quoteInput(word)} to ${index}; with ${size} entries indices must lie in 1 to ${max}`,
      );
    }
    const other = owners.get(index);
    if (other !== undefined) {
      throw new RangeError(
        `${what} maps both ${quoteInput(other)} and ${quoteInput(word)} to ${index}; each index belongs to one word`,
      );
    }
    owners.set(index, word);
  }
}
