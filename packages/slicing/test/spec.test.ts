import { formatSpec, parseSpec } from '@srnn/slicing';
import { slicingErrorOf } from './helpers';

describe('parseSpec', () => {
  it.each([
    ['SRNN(8,2)', [8, 8]],
    ['SRNN(16,1)', [16]],
    ['SRNN(2,8)', [2, 2, 2, 2, 2, 2, 2, 2]],
    ['SRNN(4,3)', [4, 4, 4]],
    ['SRNN(8,0)', []],
    ['SRNN[8,4,2]', [8, 4, 2]],
    ['SRNN[3]', [3]],
    ['SRNN[]', []],
  ])('%s -> %j', (spec, slices) => {
    expect(parseSpec(spec)).toEqual({ slices });
  });

  it.each([
    ' SRNN(8,2) ',
    'SRNN (8,2)',
    'SRNN( 8 , 2 )',
    '\tSRNN(\n8,\t2)\n',
    'srnn(8,2)',
    'Srnn ( 8 ,2 )',
  ])('ignores whitespace and case: %j', (spec) => {
    expect(parseSpec(spec)).toEqual({ slices: [8, 8] });
  });

  it.each(['SRNN[8, 4, 2]', ' srnn [ 8 ,4,  2 ] ', 'SRNN[\n8,\n4,\n2\n]'])(
    'ignores whitespace in the per-level form: %j',
    (spec) => {
      expect(parseSpec(spec)).toEqual({ slices: [8, 4, 2] });
    },
  );

  it.each([
    '',
    'SRNN',
    'SRNN(8)',
    'SRNN(8,2,1)',
    'SRNN(8,2',
    'SRNN(-8,2)',
    'SRNN(8.5,2)',
    'SRNN(0x8,2)',
    'SRNN(8,2) extra',
    'RNN(8,2)',
    'SRNN[8,,4]',
    'SRNN[8,4,]',
    'SRNN[8 4]',
    'SRNN{8,4}',
    'GRU',
  ])('rejects %j, naming both accepted forms', (spec) => {
    const error = slicingErrorOf(() => parseSpec(spec));
    expect(error.field).toBe('spec');
    expect(error.message).toBe(
      `spec ${JSON.stringify(spec)} is not an SRNN name; expected SRNN(n,k), e.g. SRNN(8,2), ` +
        'or a bottom-up list SRNN[n_1,...,n_k], e.g. SRNN[8,4,2]; ' +
        'BiSRNN(8,2) or BiSRNN[8,4,2] for bidirectional levels',
    );
  });

  it('rejects slice numbers below 2 with the offending value', () => {
    expect(slicingErrorOf(() => parseSpec('SRNN(1,2)')).message).toBe(
      'spec "SRNN(1,2)": the slice number n must be an integer >= 2, got 1',
    );
    expect(slicingErrorOf(() => parseSpec('SRNN[8, 1]')).message).toBe(
      'spec "SRNN[8, 1]": slices[1]: must be an integer >= 2, got 1',
    );
  });

  it('rejects slicings no safe length could hold, before building them', () => {
    const error = slicingErrorOf(() => parseSpec('SRNN(2,1000000000)'));
    expect(error.field).toBe('spec');
    // 2^52 <= 2^53 - 1 < 2^53, so 52 is the deepest uniform binary slicing.
    expect(error.message).toMatch(/exceeds the largest safe length \(9007199254740991\).*k <= 52$/);
    // 4096^5 = 2^60, about 1.15e18.
    expect(slicingErrorOf(() => parseSpec('SRNN[4096,4096,4096,4096,4096]')).message).toMatch(
      /product of slices \(about 1\.15e\+18\) exceeds the largest safe length/,
    );
  });

  it('rejects a value that is not a string', () => {
    const error = slicingErrorOf(() => parseSpec(8 as never));
    expect(error.field).toBe('spec');
    expect(error.message).toBe('spec must be a string such as SRNN(8,2) or SRNN[8,4,2], got 8');
  });

  it('shortens a very long spec in its message', () => {
    const error = slicingErrorOf(() => parseSpec(`SRNN(${'9'.repeat(200)})`));
    expect(error.message.length).toBeLessThan(250);
  });
});

describe('bidirectional names', () => {
  it.each([
    ['BiSRNN(8,2)', [8, 8]],
    [' bisrnn ( 4 , 1 ) ', [4]],
    ['BiSRNN[8,4,2]', [8, 4, 2]],
    ['BISRNN[]', []],
  ])('%s -> %j, bidirectional', (spec, slices) => {
    expect(parseSpec(spec)).toEqual({ slices, bidirectional: true });
  });

  it('prints them back', () => {
    expect(formatSpec([8, 8], { bidirectional: true })).toBe('BiSRNN(8,2)');
    expect(formatSpec([8, 4, 2], { bidirectional: true })).toBe('BiSRNN[8,4,2]');
    expect(formatSpec([8, 8], { bidirectional: false })).toBe('SRNN(8,2)');
    for (const spec of ['BiSRNN(8,2)', 'BiSRNN[8,4,2]', 'BiSRNN[]']) {
      const { slices } = parseSpec(spec);
      expect(formatSpec(slices, { bidirectional: true })).toBe(spec);
    }
  });

  it('names the bidirectional form in the error for a malformed name', () => {
    expect(() => parseSpec('Bi SRNN(8)')).toThrow(/BiSRNN\(8,2\)/);
  });
});

describe('formatSpec', () => {
  it.each([
    [[8, 8], 'SRNN(8,2)'],
    [[16], 'SRNN(16,1)'],
    [[2, 2, 2, 2, 2, 2, 2], 'SRNN(2,7)'],
    [[8, 4, 2], 'SRNN[8,4,2]'],
    [[2, 8], 'SRNN[2,8]'],
    [[], 'SRNN[]'],
  ])('%j -> %s', (slices, name) => {
    expect(formatSpec(slices)).toBe(name);
  });

  it('rejects entries that are not integers >= 2, naming the index', () => {
    const error = slicingErrorOf(() => formatSpec([4, 0.5]));
    expect(error.field).toBe('slices[1]');
    expect(error.message).toBe('slices[1]: must be an integer >= 2, got 0.5');
    expect(slicingErrorOf(() => formatSpec('8,8' as never)).message).toBe(
      'slices: must be a list of integers >= 2, got "8,8"',
    );
  });
});
