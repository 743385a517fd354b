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

const QUOTED_MAX = 80;

/** Quotes a piece of input for a message, cut at about 80 characters with its length given. */
export function quoteInput(value: string): string {
  if (value.length <= QUOTED_MAX) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, QUOTED_MAX))}… (${value.length} characters)`;
}

/** Joins a list of problems for a message, keeping the first few. */
export function summarise(problems: readonly string[], keep = 3): string {
  const shown = problems.slice(0, keep).join('; ');
  return problems.length > keep ? `${shown}; and ${problems.length - keep} more problems` : shown;
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
