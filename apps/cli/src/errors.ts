import { DatasetError } from '@srnn/datasets';
import { FileError, OptionsError, renameFields, SrnnError } from '@srnn/errors';

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

/** A bad flag or argument; exits with {@link EXIT.usage}. `field` names the flag when known. */
export class UsageError extends SrnnError {
  override readonly name = 'UsageError';
}

/**
 * The library options the command line sets, by the name library errors carry (an
 * {@link OptionsError}'s fields, a {@link DatasetError}'s remedy), and the flag that sets each.
 */
export const LIBRARY_OPTION_FLAGS: Readonly<Record<string, string>> = {
  onInvalid: '--on-invalid',
  unknownLabels: '--unknown-labels',
  format: '--format',
  text: '--text-field',
  label: '--label-field',
  textField: '--text-field',
  labelField: '--label-field',
  limit: '--limit',
  maxLength: '--max-len',
  vocabulary: '--vocab',
  seed: '--seed',
  split: '--split',
};

/** Flag values where they differ from the library's (`unknownLabels: 'error'` is `refuse`). */
const FLAG_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  unknownLabels: { error: 'refuse' },
};

/**
 * An error's message as the command line says it: library fields renamed to the flags that set
 * them, from the fields the error carries as data (never by searching its text). A remedy names
 * the flag and value to give, or is left out when no flag sets that option.
 */
export function commandLineMessage(error: unknown): string {
  if (error instanceof OptionsError) return renameFields(error, LIBRARY_OPTION_FLAGS).message;
  if (error instanceof DatasetError && error.remedy) {
    const { option, value, effect } = error.remedy;
    const located = new FileError(error.file ?? '', error.line ?? 0, error.problem).message;
    const flag = LIBRARY_OPTION_FLAGS[option];
    if (flag === undefined) return located;
    const shown = FLAG_VALUES[option]?.[String(value)] ?? String(value);
    return `${located} (give ${flag} ${shown} to ${effect})`;
  }
  return error instanceof Error ? error.message : String(error);
}
