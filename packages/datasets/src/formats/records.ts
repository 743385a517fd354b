import type { InvalidRecords } from '../skips';
import type { TextRecord } from '../records';

/** Any character that `String.prototype.trim` would keep (\s is the set trim removes). */
const NOT_BLANK = /\S/;

/**
 * Checks and builds one record; invalid text or label is reported (error or skip) and gives
 * undefined. A text that is not a string (a number in JSON, say) is refused, never stringified.
 *
 * @param textField names the text field in messages, e.g. `"text"` or `column 1`.
 */
export function makeRecord(
  text: unknown,
  label: string | undefined,
  file: string,
  line: number,
  invalid: InvalidRecords,
  textField = 'text',
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
  if (typeof text !== 'string') {
    invalid.report(
      'textNotString',
      file,
      line,
      `the text field ${textField} is ${describeValue(text)}; expected a string`,
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

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
