import { binaryDepthFor, selectVariants, table2Lineup, table3Spec } from '../src';
import { checkCells, withCell } from '../src/lineup';

describe('table 2 line-up', () => {
  it('matches the paper at T = 512 (Yelp): SRNN(2,8) has l_0 = 2', () => {
    expect(table2Lineup(512).map((v) => v.label)).toEqual([
      'GRU',
      'SRNN(16,1)',
      'SRNN(8,2)',
      'SRNN(4,3)',
      'SRNN(2,8)',
      'DCCNN',
    ]);
  });

  it('matches the paper at T = 256 (Amazon): SRNN(2,7)', () => {
    expect(table2Lineup(256).map((v) => v.label)).toContain('SRNN(2,7)');
  });

  it('leaves out slicings that do not fit a short sequence', () => {
    // 16 > 12, 8^2 > 12, 4^3 > 12: only SRNN(2,k) remains, with 2^k * 2 <= 12 -> k = 2.
    expect(table2Lineup(12).map((v) => v.label)).toEqual(['GRU', 'SRNN(2,2)', 'DCCNN']);
  });

  it('chooses k for n = 2 so that minimal subsequences have length 2', () => {
    for (const [t, k] of [
      [512, 8],
      [256, 7],
      [64, 5],
      [100, 5],
      [4, 1],
    ] as const) {
      expect(binaryDepthFor(t)).toBe(k);
    }
  });

  it('selects by label, ignoring case and spaces, and names the valid labels otherwise', () => {
    const lineup = table2Lineup(64);
    expect(selectVariants(lineup, ['gru', 'srnn(8, 2)']).map((v) => v.label)).toEqual([
      'GRU',
      'SRNN(8,2)',
    ]);
    expect(() => selectVariants(lineup, ['LSTM'])).toThrow(
      "--models: unknown model 'LSTM'; valid here: GRU, SRNN(16,1), SRNN(8,2), SRNN(4,3), SRNN(2,5), DCCNN",
    );
  });
});

describe('table 3 slicings', () => {
  it('uses SRNN(8,2), (8,3), (8,4) at T = 512, 4096, 32768 as the paper did', () => {
    expect([512, 4096, 32768].map(table3Spec)).toEqual(['SRNN(8,2)', 'SRNN(8,3)', 'SRNN(8,4)']);
  });
});

describe('the line-up with a registered cell', () => {
  it('names the standard RNN after its cell and marks SRNN variants; DCCNN has no cell', () => {
    const lstm = withCell(table2Lineup(64), 'lstm');
    expect(lstm.map((v) => v.label)).toEqual([
      'LSTM',
      'SRNN(16,1) lstm',
      'SRNN(8,2) lstm',
      'SRNN(4,3) lstm',
      'SRNN(2,5) lstm',
      'DCCNN',
    ]);
    expect(lstm.map((v) => v.cell)).toEqual(['lstm', 'lstm', 'lstm', 'lstm', 'lstm', undefined]);
    // Compared with the paper's rows as before.
    expect(lstm.map((v) => v.paperFamily)).toEqual(table2Lineup(64).map((v) => v.paperFamily));
    expect(withCell(table2Lineup(64), 'gru')).toEqual(table2Lineup(64));
  });

  it('refuses cells the registry does not hold, naming the registered ones', () => {
    expect(() => checkCells(['gru', 'mgu'], ['gru', 'lstm'], false)).toThrow(
      "--cell: unknown cell 'mgu'; registered: gru, lstm",
    );
    expect(() => checkCells(['gru', 'lstm'], ['gru', 'lstm'], true)).toThrow(
      '--cell: table 2 trains with one cell, got gru, lstm',
    );
    expect(() => checkCells(['lstm'], ['gru', 'lstm'], true)).not.toThrow();
  });
});

describe('variants outside the line-up', () => {
  it('are named by their slicing (BiSRNN(8,2)) and compared with the same slicing in the paper', () => {
    const [bi] = selectVariants(table2Lineup(512), ['BiSRNN(8,2)'], 512);
    expect(bi).toEqual({
      label: 'BiSRNN(8,2)',
      architecture: 'srnn',
      spec: 'BiSRNN(8,2)',
      paperFamily: 'SRNN(8,2)',
    });
    // A slicing that does not fit T is refused like an unknown label.
    expect(() => selectVariants(table2Lineup(64), ['BiSRNN(8,3)'], 64)).toThrow(
      "--models: unknown model 'BiSRNN(8,3)'",
    );
  });
});
