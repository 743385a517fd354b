// What a refused --out says differs between the run there and the one asked for.
import { settingsDifferences } from '../src/fingerprint';

describe('settingsDifferences', () => {
  it('names changed settings by dotted key, and one left at its default as not set', () => {
    const before = { model: { skipPadding: true, units: 50 }, training: { epochs: 2 } };
    const after = { model: { units: 50 }, training: { epochs: 3 } };
    expect(settingsDifferences(before, after)).toEqual([
      'model.skipPadding true -> (not set)',
      'training.epochs 2 -> 3',
    ]);
    expect(settingsDifferences(after, before)).toEqual([
      'model.skipPadding (not set) -> true',
      'training.epochs 3 -> 2',
    ]);
    expect(settingsDifferences(before, before)).toEqual([]);
  });
});
