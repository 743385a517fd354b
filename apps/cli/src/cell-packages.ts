import { loadCellPackage } from '@srnn/cells';
import { UsageError } from './errors';

/**
 * Imports each `--cell-package` from the user's project (the directory the command was run from,
 * and its parents' node_modules), so its cells are registered; returns cell name -> package.
 */
export async function loadCellPackages(
  packages: readonly string[],
  from: string,
): Promise<Record<string, string>> {
  const cells: Record<string, string> = {};
  for (const name of packages) {
    try {
      const loaded = await loadCellPackage(name, { from });
      for (const cell of loaded.cells) cells[cell] = name;
    } catch (error) {
      throw new UsageError(`--cell-package: ${(error as Error).message}`);
    }
  }
  return cells;
}

/** A loader for evaluate/predict: the cell packages a model needs, from the user's project. */
export const cellPackageLoader = (from: string) => (name: string) =>
  loadCellPackage(name, { from });
