import { describePlan, plan } from '@srnn/slicing';

describe('describePlan', () => {
  it('describes SRNN(8,2) at T = 500 line by line', () => {
    expect(describePlan(plan({ length: 500, slices: 8, depth: 2 }))).toBe(
      [
        'SRNN(8,2) on T = 500: front-padded by 12 to 512 = 64 x 8',
        'level 0: 64 minimal subsequences of length 8',
        'level 1: 8 sequences of 8 level-0 states',
        'level 2: 1 sequence of 8 level-1 states',
        'sequential depth: 24 steps (8 + 8 + 8) against 500 for an unsliced RNN, 20.8x fewer',
      ].join('\n'),
    );
  });

  it('describes an exact per-level plan', () => {
    expect(describePlan(plan({ length: 24, slices: [3, 4] }))).toBe(
      [
        'SRNN[3,4] on T = 24: no padding, 24 = 12 x 2',
        'level 0: 12 minimal subsequences of length 2',
        'level 1: 4 sequences of 3 level-0 states',
        'level 2: 1 sequence of 4 level-1 states',
        'sequential depth: 9 steps (2 + 3 + 4) against 24 for an unsliced RNN, 2.7x fewer',
      ].join('\n'),
    );
  });

  it('describes no slicing, and a slicing deeper than T', () => {
    expect(describePlan(plan({ length: 7, slices: [] }))).toBe(
      [
        'SRNN[] on T = 7: no slicing',
        'level 0: 1 sequence of length 7',
        'sequential depth: 7 steps against 7 for an unsliced RNN, the same',
      ].join('\n'),
    );
    expect(
      describePlan(plan({ length: 2, slices: [2] }))
        .split('\n')
        .at(-1),
    ).toBe('sequential depth: 3 steps (1 + 2) against 2 for an unsliced RNN, 1 more');
  });
});
