import { z } from 'zod';
import {
  FileError,
  OptionsError,
  SrnnError,
  describeValue,
  fieldProblems,
  formatPath,
  parseOptions,
  renameFields,
} from '@srnn/errors';

const schema = z.strictObject({
  batchSize: z.number().int().min(1, { error: 'must be an integer >= 1' }),
  levels: z.array(z.object({ units: z.number().int().positive({ error: 'must be > 0' }) })),
});

function thrown(action: () => unknown): OptionsError {
  try {
    action();
  } catch (error) {
    if (error instanceof OptionsError) return error;
    throw error;
  }
  throw new Error('expected an OptionsError');
}

describe('parseOptions', () => {
  it('returns the parsed value when it is valid', () => {
    expect(parseOptions(schema, { batchSize: 2, levels: [] }, 'train')).toEqual({
      batchSize: 2,
      levels: [],
    });
  });

  it('names every bad field, as a reader writes its path, and what it accepts', () => {
    const error = thrown(() =>
      parseOptions(schema, { batchSize: 0, levels: [{ units: 3 }, { units: -1 }] }, 'train'),
    );
    expect(error.message).toBe('train: batchSize: must be an integer >= 1; levels[1].units: must be > 0');
    expect(error.problems).toEqual([
      { field: 'batchSize', message: 'must be an integer >= 1' },
      { field: 'levels[1].units', message: 'must be > 0' },
    ]);
    expect(error.field).toBe('batchSize');
    expect(error).toBeInstanceOf(SrnnError);
    expect(error.name).toBe('OptionsError');
  });

  it('puts an unknown (misspelt) key first and lists the valid ones', () => {
    const error = thrown(() => parseOptions(schema, { batchsize: 2, levels: [] }, 'train'));
    expect(error.problems[0]).toEqual({
      field: '',
      message: "unknown field 'batchsize'; valid fields: batchSize, levels",
    });
    expect(error.message).toMatch(
      /^train: unknown field 'batchsize'; valid fields: batchSize, levels; batchSize: /,
    );
    expect(error.problems[1]?.field).toBe('batchSize');
  });

  it('reads absent options of an object schema as all defaults', () => {
    const defaults = z.object({ seed: z.number().default(7) });
    expect(parseOptions(defaults, undefined, 'f')).toEqual({ seed: 7 });
    expect(() => parseOptions(z.number(), undefined, 'f')).toThrow(OptionsError);
  });

  it("drops the field's name where the schema's message starts with it", () => {
    const named = z.object({ epochs: z.number().min(1, { error: 'epochs must be >= 1' }) });
    expect(() => parseOptions(named, { epochs: 0 }, 'train')).toThrow('train: epochs: must be >= 1');
  });

  it('prefixes fields with a root', () => {
    const problems = fieldProblems(schema.safeParse({ batchSize: 1, levels: [{}] }).error!, {
      root: 'options',
    });
    expect(problems.map((p) => p.field)).toEqual(['options.levels[0].units']);
  });
});

describe('renameFields', () => {
  it('replaces the longest matching prefix, so a CLI names its flags', () => {
    const error = thrown(() =>
      parseOptions(schema, { batchSize: 0, levels: [{ units: 0 }] }, 'train'),
    );
    const renamed = renameFields(error, { batchSize: '--batch-size', levels: '--cell' }, 'srnn train');
    expect(renamed.message).toBe(
      'srnn train: --batch-size: must be an integer >= 1; --cell[0].units: must be > 0',
    );
    expect(renamed.field).toBe('--batch-size');
  });

  it('leaves a field with no name as it is, and needs a whole path segment to match', () => {
    const error = new OptionsError('x', [
      { field: 'batchSizes', message: 'a' },
      { field: 'seed', message: 'b' },
    ]);
    expect(renameFields(error, { batchSize: '--batch-size' }).message).toBe(
      'x: batchSizes: a; seed: b',
    );
  });
});

describe('FileError', () => {
  it('reads file, line N: problem, or file: problem for the whole file', () => {
    const line = new FileError('data.csv', 7, 'expected 2 fields, got 3');
    expect(line.message).toBe('data.csv, line 7: expected 2 fields, got 3');
    expect([line.file, line.line, line.problem]).toEqual(['data.csv', 7, 'expected 2 fields, got 3']);
    expect(new FileError('data.csv', 0, 'the file is empty').message).toBe('data.csv: the file is empty');
  });

  it("keeps a subclass's own name", () => {
    class DatasetError extends FileError {}
    expect(new DatasetError('a', 1, 'b').name).toBe('DatasetError');
  });
});

describe('describeValue and formatPath', () => {
  it('quotes strings, clips long values and renders paths', () => {
    expect(describeValue('8')).toBe('"8"');
    expect(describeValue(8)).toBe('8');
    expect(describeValue(10n)).toBe('10n');
    expect(describeValue('x'.repeat(1000))).toHaveLength(60);
    expect(describeValue(() => 1)).toBe('a function');
    expect(formatPath('', ['slices', 1])).toBe('slices[1]');
    expect(formatPath('options', ['a', 'b'])).toBe('options.a.b');
  });
});
