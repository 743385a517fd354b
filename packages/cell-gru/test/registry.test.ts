import { createEncoder, getCell, listCells } from '@srnn/cells';
import { GruEncoder, gruCell } from '@srnn/cell-gru';

describe('importing @srnn/cell-gru', () => {
  it('registers the gru cell', () => {
    expect(listCells()).toContain('gru');
    expect(getCell('gru')).toBe(gruCell);
  });

  it('makes validated encoders through the registry', () => {
    const encoder = createEncoder('gru', { units: 4, seed: 1 });
    expect(encoder).toBeInstanceOf(GruEncoder);
    expect(() => createEncoder('gru', { units: 4, recurrentActivation: 'nope' })).toThrow(
      /cell 'gru'.*recurrentActivation/,
    );
  });
});
