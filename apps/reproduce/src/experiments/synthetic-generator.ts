/**
 * The scale experiment's data: @srnn/datasets' generator of synthetic data sets shaped like the
 * paper's. Looked up at run time so that this app builds against a @srnn/datasets without it, and
 * says so when it is missing.
 */
import * as datasets from '@srnn/datasets';
import type { SyntheticGenerator } from './scale';

export function syntheticGenerator(): SyntheticGenerator {
  const generate = (datasets as unknown as Record<string, unknown>)['generateSyntheticDataset'];
  if (typeof generate !== 'function') {
    return async () => {
      throw new Error(
        '@srnn/datasets has no generateSyntheticDataset in this build: the scale experiment needs its synthetic data sets',
      );
    };
  }
  return (options) =>
    (generate as SyntheticGenerator)({
      dataset: options.dataset,
      out: options.out,
      documents: options.documents,
      seed: options.seed,
    });
}
