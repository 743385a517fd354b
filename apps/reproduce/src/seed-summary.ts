/**
 * One row per model of a data set trained with several seeds: the mean and the spread of test and
 * best-validation accuracy and of seconds per epoch. The spread is given two ways: the sample
 * standard deviation (divisor n - 1; 0 for one seed) and the range (min to max).
 */
import type { Table2Run } from './experiments/table2';

export interface Spread {
  /** Seeds that gave a value. */
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n - 1); 0 when n = 1. */
  sd: number;
  min: number;
  max: number;
}

/** Mean, sample standard deviation and range of `values` (at least one). */
export function spreadOf(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) throw new Error('spreadOf: no values');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const squares = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return {
    n,
    mean,
    sd: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

export interface SeedSummary {
  dataset: string;
  model: string;
  /** The training seeds, in the order they ran. */
  seeds: number[];
  testAccuracy?: Spread;
  bestValidationAccuracy: Spread;
  secondsPerEpoch: Spread;
}

/** Runs grouped by model (in the order the models first ran), each group summarised. */
export function summariseSeeds(runs: readonly Table2Run[]): SeedSummary[] {
  const groups = new Map<string, Table2Run[]>();
  for (const run of runs) {
    const group = groups.get(run.variant.label) ?? [];
    group.push(run);
    groups.set(run.variant.label, group);
  }
  return [...groups].map(([model, group]) => {
    const tests = group
      .map((r) => r.training.test?.accuracy)
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return {
      dataset: group[0]!.dataset,
      model,
      seeds: group.map((r) => r.seed),
      ...(tests.length > 0 ? { testAccuracy: spreadOf(tests) } : {}),
      bestValidationAccuracy: spreadOf(group.map((r) => r.training.bestValidationAccuracy)),
      secondsPerEpoch: spreadOf(group.map((r) => r.secondsPerEpoch)),
    };
  });
}
