const QUOTED_MAX = 80;

/** Quotes a piece of input for a message, cut at about 80 characters with its length given. */
export function quoteInput(value: string): string {
  if (value.length <= QUOTED_MAX) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, QUOTED_MAX))}… (${value.length} characters)`;
}

/** An error in a vectors file, located by file and 1-based line (0 when it concerns the whole file). */
export class EmbeddingsError extends Error {
  override readonly name = 'EmbeddingsError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(line > 0 ? `${file}, line ${line}: ${problem}` : `${file}: ${problem}`);
  }
}
