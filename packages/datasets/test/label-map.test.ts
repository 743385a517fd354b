import { OptionsError } from '@srnn/errors';
import { DatasetError } from '../src/errors';
import { LabelMap } from '../src/label-map';

describe('LabelMap', () => {
  it('sorts numeric labels by value, not as strings', () => {
    expect(LabelMap.learn(['10', '2', '1', '2']).labels).toEqual(['1', '2', '10']);
  });

  it('sorts other labels by code unit', () => {
    const map = LabelMap.learn(['spam', 'ham', 'Spam']);
    expect(map.labels).toEqual(['Spam', 'ham', 'spam']);
    expect(map.indexOf('ham')).toBe(1);
    expect(map.labelOf(2)).toBe('spam');
  });

  it('keeps an explicit order', () => {
    expect(LabelMap.fromLabels(['pos', 'neg']).indexOf('neg')).toBe(1);
  });

  it('round-trips through JSON text', () => {
    const map = LabelMap.learn(['b', 'a', 'c']);
    const back = LabelMap.fromJSON(JSON.parse(JSON.stringify(map)));
    expect(back.labels).toEqual(['a', 'b', 'c']);
    expect(back.indexOf('c')).toBe(2);
  });

  it('makes an unknown label a clear error, located when the record is known', () => {
    const map = LabelMap.learn(['neg', 'pos']);
    expect(() => map.indexOf('neutral')).toThrow(
      'unknown label "neutral"; known labels: "neg", "pos"',
    );
    const error = (() => {
      try {
        map.indexOf('neutral', { file: 'reviews.csv', line: 7 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toBe(
      'reviews.csv, line 7: unknown label "neutral"; known labels: "neg", "pos"',
    );
  });

  it('rejects bad JSON, duplicates and out-of-range indices', () => {
    expect(() => LabelMap.fromJSON({ labels: [] })).toThrow(/labels/);
    expect(() => LabelMap.fromJSON({ names: ['a'] })).toThrow(/expected \{ labels: string\[\] \}/);
    // The bad field as data and in the message: `where: field: problem`.
    let error: unknown;
    try {
      LabelMap.fromJSON({ labels: ['pos', 7] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OptionsError);
    expect((error as OptionsError).problems.map((p) => p.field)).toEqual(['labels[1]']);
    expect((error as OptionsError).message).toMatch(
      /^LabelMap\.fromJSON: expected \{ labels: string\[\] \} with at least one non-empty label: labels\[1\]: /,
    );
    expect(() => LabelMap.fromLabels(['a', 'a'])).toThrow('label "a" is given twice');
    expect(() => LabelMap.learn(['a']).labelOf(1)).toThrow(
      'class index 1 is out of range; expected 0 to 0',
    );
  });
});
