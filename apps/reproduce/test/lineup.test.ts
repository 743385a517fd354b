import { binaryDepthFor, selectVariants, table2Lineup, table3Spec } from '../src';
import { OptionsError } from '@srnn/errors';
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
      "--models: unknown model 'LSTM'; valid here: GRU, SRNN(16,1), SRNN(8,2), SRNN(4,3), SRNN(2,5), DCCNN; an SRNN name may end in +attention",
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

describe('variants with attention and skipping padding (--models)', () => {
  const lineup = table2Lineup(64);
  const pick = (...labels: string[]) => selectVariants(lineup, labels, 64);

  it('adds +attention and/or +skip-padding to any SRNN, BiSRNN included', () => {
    const [attention, bi, both] = pick(
      'SRNN(8,2)+attention',
      'BiSRNN(8,2)+skip-padding',
      ' srnn(8, 2) + Skip-Padding + attention ',
    );
    expect(attention).toEqual({
      label: 'SRNN(8,2)+attention',
      architecture: 'srnn',
      spec: 'SRNN(8,2)',
      paperFamily: 'SRNN(8,2)',
      attention: true,
    });
    expect(bi).toEqual({
      label: 'BiSRNN(8,2)+skip-padding',
      architecture: 'srnn',
      spec: 'BiSRNN(8,2)',
      paperFamily: 'SRNN(8,2)',
      skipPadding: true,
    });
    // One label whatever the order and case the user wrote.
    expect(both!.label).toBe('SRNN(8,2)+attention+skip-padding');
    expect(both).toMatchObject({ attention: true, skipPadding: true });
    // Without modifiers, the line-up's own variant, unchanged.
    expect(pick('SRNN(8,2)')[0]).toBe(lineup[2]);
  });

  it('puts the cell before the modifiers, so each combination has its own folder', () => {
    const [v] = withCell(pick('SRNN(8,2)+attention'), 'lstm');
    expect(v).toMatchObject({ label: 'SRNN(8,2) lstm+attention', cell: 'lstm', attention: true });
  });

  it('refuses other forms under --models, listing the valid ones', () => {
    const refusal = (label: string) => {
      try {
        pick(label);
      } catch (error) {
        expect(error).toBeInstanceOf(OptionsError);
        expect((error as OptionsError).problems[0]!.field).toBe('--models');
        return (error as Error).message;
      }
      throw new Error(`'${label}' was accepted`);
    };
    expect(refusal('GRU+attention')).toBe(
      "--models: 'GRU+attention': +attention and +skip-padding apply to SRNN models only, not GRU",
    );
    expect(refusal('SRNN(8,2)+dropout')).toBe(
      "--models: unknown modifier '+dropout' in 'SRNN(8,2)+dropout'; valid: +attention, +skip-padding",
    );
    expect(refusal('SRNN(8,2)+attention+attention')).toBe(
      "--models: '+attention' given twice in 'SRNN(8,2)+attention+attention'",
    );
    expect(refusal('SRNN(8,2)+')).toContain("unknown modifier '+'");
    expect(refusal('XRNN(8,2)+attention')).toBe(
      "--models: unknown model 'XRNN(8,2)+attention'; valid here: GRU, SRNN(16,1), SRNN(8,2), SRNN(4,3), SRNN(2,5), DCCNN, or any slicing that fits T = 64 (SRNN(n,k), BiSRNN(n,k) for both directions); an SRNN name may end in +attention and/or +skip-padding, e.g. SRNN(8,2)+attention, BiSRNN(8,2)+skip-padding",
    );
    expect(() => pick('SRNN(8,2)+attention', 'srnn(8,2) + ATTENTION')).toThrow(
      "--models: 'SRNN(8,2)+attention' is listed twice",
    );
  });
});
