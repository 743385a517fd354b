const LONGEST_QUOTE = 60;

/**
 * Renders a received value for an error message: strings quoted (so `"8"` is told apart from `8`)
 * and anything long cut short, so a message never echoes a huge input back.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return clip(JSON.stringify(value));
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'function') return 'a function';
  try {
    return clip(JSON.stringify(value));
  } catch {
    return Array.isArray(value) ? 'an array' : 'an object';
  }
}

function clip(text: string): string {
  return text.length > LONGEST_QUOTE ? `${text.slice(0, LONGEST_QUOTE - 3)}...` : text;
}

/** Longest piece of a user's input quoted in a message. */
const QUOTED_MAX = 80;

/**
 * Quotes a piece of untrusted input for a message: JSON-escaped and, past about 80 characters,
 * cut with its full length given, so that a huge field never floods a terminal or a log.
 */
export function quoteInput(value: string): string {
  if (value.length <= QUOTED_MAX) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, QUOTED_MAX))}… (${value.length} characters)`;
}

/** Lists pieces of input for a message: each quoted by {@link quoteInput}, at most `max` of them. */
export function listInputs(values: readonly string[], max = 20): string {
  const shown = values.slice(0, max).map(quoteInput).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}
