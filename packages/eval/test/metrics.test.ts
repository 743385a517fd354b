import {
  accuracy,
  accuracyFromConfusion,
  confusionMatrix,
  macroF1,
  macroF1FromConfusion,
} from '../src';

describe('metrics (hand-worked example)', () => {
  // truth:     0 0 0 1 1 2 2 2 2 1
  // predicted: 0 1 0 1 2 2 2 0 2 1
  const truth = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1];
  const predicted = [0, 1, 0, 1, 2, 2, 2, 0, 2, 1];

  it('counts the confusion matrix as [true][predicted]', () => {
    expect(confusionMatrix(truth, predicted, 3)).toEqual([
      [2, 1, 0],
      [0, 2, 1],
      [1, 0, 3],
    ]);
  });

  it('computes accuracy as matches / total', () => {
    expect(accuracy(truth, predicted)).toBeCloseTo(7 / 10, 12);
    expect(accuracyFromConfusion(confusionMatrix(truth, predicted, 3))).toBeCloseTo(0.7, 12);
  });

  it('computes macro-F1 as the mean of per-class F1', () => {
    // class 0: TP 2, FP 1, FN 1 -> 4/6; class 1: TP 2, FP 1, FN 1 -> 4/6; class 2: TP 3, FP 1, FN 1 -> 6/8
    const expected = (4 / 6 + 4 / 6 + 6 / 8) / 3;
    expect(macroF1(truth, predicted, 3)).toBeCloseTo(expected, 12);
  });

  it('scores a class that occurs but is never predicted as 0 and skips a class absent from both', () => {
    // class 0: TP 1, FP 1, FN 0 -> 2/3; class 1: TP 0, FN 1 -> 0; class 2 never appears -> skipped
    expect(macroF1([0, 1], [0, 0], 3)).toBeCloseTo((2 / 3 + 0) / 2, 12);
    expect(macroF1FromConfusion([[0]])).toBeNaN();
  });

  it('is perfect on perfect predictions', () => {
    expect(macroF1([0, 1, 2, 1], [0, 1, 2, 1], 3)).toBe(1);
    expect(accuracy([0, 1], [0, 1])).toBe(1);
  });

  it('rejects mismatched lengths and out-of-range labels with clear messages', () => {
    expect(() => accuracy([0, 1], [0])).toThrow(/same length, got 2 and 1/);
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(
      /label 3 at index 1 is outside \[0, 2\]/,
    );
    expect(() => confusionMatrix([0], [-1], 2)).toThrow(/prediction -1 at index 0/);
  });
});
