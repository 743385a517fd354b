import type { InvalidRecords } from '../skips';
import type { TextRecord } from '../records';

/** Any character that `String.prototype.trim` would keep (\s is the set trim removes). */
const NOT_BLANK = /\S/;

/**
 * Checks and builds one record; invalid text or label is reported (error or skip) and gives
 * undefined.
 */
export function makeRecord(
  text: string | undefined,
  label: string | undefined,
  file: string,
  line: number,
  invalid: InvalidRecords,
): TextRecord | undefined {
  if (text === undefined || label === undefined) {
    invalid.report(
      'missingField',
      file,
      line,
      'the row has too few fields for the text and label columns',
    );
    return undefined;
  }
  if (label.trim().length === 0) {
    invalid.report('missingLabel', file, line, 'the label is empty');
    return undefined;
  }
  // A test, not text.trim(): trimming a long text with trailing whitespace would copy it.
  if (!NOT_BLANK.test(text)) {
    invalid.report('emptyText', file, line, 'the text is empty');
    return undefined;
  }
  return { text, label: label.trim(), file, line };
}
