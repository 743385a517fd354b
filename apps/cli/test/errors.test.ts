// Library errors reach the command line with their fields and remedies renamed to flags, from the
// data the errors carry (field, remedy), not from their text.
import { DatasetError } from '@srnn/datasets';
import { OptionsError } from '@srnn/errors';
import { commandLineMessage } from '../src/errors';

describe('commandLineMessage', () => {
  it('renames an OptionsError field to the flag that sets it', () => {
    const error = new OptionsError('reviews.txt', [
      { field: 'format', message: "cannot be told from the file's extension" },
      { field: 'text', message: 'names column 0' },
    ]);
    expect(commandLineMessage(error)).toBe(
      "reviews.txt: --format: cannot be told from the file's extension; --text-field: names column 0",
    );
    // A field no flag sets keeps its name.
    expect(commandLineMessage(new OptionsError('x', [{ field: 'epsilon', message: 'bad' }]))).toBe(
      'x: epsilon: bad',
    );
  });

  it('names the flag and its value in a remedy, in the flag spelling of the value', () => {
    const skip = new DatasetError('a.csv', 3, 'the text is empty', {
      option: 'onInvalid',
      value: 'skip',
      effect: 'skip and count such records',
    });
    expect(skip.message).toContain("pass onInvalid: 'skip'");
    expect(commandLineMessage(skip)).toBe(
      'a.csv, line 3: the text is empty (give --on-invalid skip to skip and count such records)',
    );
    const label = new DatasetError('t.csv', 2, 'the label "meh" is unknown', {
      option: 'unknownLabels',
      value: 'skip',
      effect: 'drop and count them',
    });
    expect(commandLineMessage(label)).toBe(
      't.csv, line 2: the label "meh" is unknown (give --unknown-labels skip to drop and count them)',
    );
  });

  it('leaves out a remedy that no flag can give, and passes other errors on as they are', () => {
    const long = new DatasetError('big.csv', 7, 'the record is too long', {
      option: 'maxRecordChars',
      value: 100,
      effect: 'read longer records',
    });
    expect(commandLineMessage(long)).toBe('big.csv, line 7: the record is too long');
    expect(commandLineMessage(new Error('disk full'))).toBe('disk full');
    expect(commandLineMessage('thrown text')).toBe('thrown text');
  });
});
