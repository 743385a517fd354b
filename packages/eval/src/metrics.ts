/**
 * Classification metrics as pure functions over integer labels. The confusion matrix is indexed
 * [true class][predicted class].
 */

/** Counts of (true, predicted) pairs: `matrix[t][p]`. */
export type ConfusionMatrix = number[][];

function assertSameLength(truth: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (truth.length !== predicted.length) {
    throw new Error(
      `labels and predictions must have the same length, got ${truth.length} and ${predicted.length}`,
    );
  }
}

/**
 * Builds the confusion matrix `matrix[true][predicted]`.
 * @param classes number of classes; every label and prediction must be in [0, classes).
 */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): ConfusionMatrix {
  assertSameLength(truth, predicted);
  if (!Number.isInteger(classes) || classes < 1) {
    throw new Error(`classes must be a positive integer, got ${String(classes)}`);
  }
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (!Number.isInteger(t) || t < 0 || t >= classes) {
      throw new Error(`label ${t} at index ${i} is outside [0, ${classes - 1}]`);
    }
    if (!Number.isInteger(p) || p < 0 || p >= classes) {
      throw new Error(`prediction ${p} at index ${i} is outside [0, ${classes - 1}]`);
    }
    matrix[t]![p]! += 1;
  }
  return matrix;
}

/** Fraction of positions where prediction equals label; NaN for empty input. */
export function accuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  assertSameLength(truth, predicted);
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  return truth.length === 0 ? NaN : correct / truth.length;
}

/** Accuracy read off a confusion matrix (trace / total). */
export function accuracyFromConfusion(matrix: ConfusionMatrix): number {
  let correct = 0;
  let total = 0;
  matrix.forEach((row, t) =>
    row.forEach((count, p) => {
      total += count;
      if (t === p) correct += count;
    }),
  );
  return total === 0 ? NaN : correct / total;
}

/**
 * Unweighted mean over classes of per-class F1 = 2·TP / (2·TP + FP + FN). A class that never
 * occurs and is never predicted has no defined F1 and is left out of the mean (scikit-learn
 * instead counts it as 0 with a warning); a class that occurs but is never predicted correctly
 * counts as 0.
 */
export function macroF1FromConfusion(matrix: ConfusionMatrix): number {
  const classes = matrix.length;
  let sum = 0;
  let counted = 0;
  for (let c = 0; c < classes; c++) {
    const tp = matrix[c]![c]!;
    let fn = 0;
    let fp = 0;
    for (let k = 0; k < classes; k++) {
      if (k === c) continue;
      fn += matrix[c]![k]!;
      fp += matrix[k]![c]!;
    }
    const denominator = 2 * tp + fp + fn;
    if (denominator === 0) continue;
    sum += (2 * tp) / denominator;
    counted++;
  }
  return counted === 0 ? NaN : sum / counted;
}

/** Macro-averaged F1 over `classes` classes; see {@link macroF1FromConfusion}. */
export function macroF1(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number {
  return macroF1FromConfusion(confusionMatrix(truth, predicted, classes));
}
