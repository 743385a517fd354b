/**
 * Where a model of table 2 trains: `<runs>/<data set>/<model>/`, and with several seeds one folder
 * per seed, `<runs>/<data set>/<model>/seed-<n>/`, so each resumes on its own.
 */
import { join } from 'node:path';

/** `seed` is given only when the run trains each model with more than one seed. */
export function runFolder(runsDir: string, dataset: string, label: string, seed?: number): string {
  return seed === undefined
    ? join(runsDir, dataset, label)
    : join(runsDir, dataset, label, `seed-${seed}`);
}

/** `2018, 2019, 2020`: `count` consecutive seeds from `first`. */
export function seedList(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}
