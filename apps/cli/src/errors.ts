/** Exit codes of the srnn command. */
export const EXIT = {
  ok: 0,
  /** The command ran and failed (missing file, invalid data, ...). */
  failure: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** Training stopped by Ctrl-C / SIGTERM; a checkpoint was written: rerun to resume. */
  interrupted: 130,
} as const;

/** A bad flag or argument; exits with {@link EXIT.usage}. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
