// Loading cell packages by name for tools (Node.js only): `srnn train --cell-package NAME` and the
// like resolve a package from the user's project directory, import it (which registers its cells)
// and report what it registered.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeCells, listCells } from './registry';

/** What {@link loadCellPackage} found. */
export interface LoadedCellPackage {
  packageName: string;
  /** The file imported. */
  entry: string;
  /** The cells the package registers (new ones, and those that name it as their package). */
  cells: string[];
}

const packageNamePattern = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

interface Manifest {
  module?: string;
  main?: string;
  exports?: unknown;
}

// The ESM entry when the package says which (exports["."].import, then "module"), so that the
// package meets the same @tensorflow/tfjs instance as an ESM caller; else what require resolves.
function entryOf(packageName: string, from: string): string {
  const requireFrom = createRequire(join(from, 'package.json'));
  try {
    const manifestPath = requireFrom.resolve(`${packageName}/package.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    const dot = (manifest.exports as Record<string, unknown> | undefined)?.['.'];
    const fromExports = (dot as { import?: { default?: string } | string } | undefined)?.import;
    const relative =
      typeof fromExports === 'string' ? fromExports : (fromExports?.default ?? manifest.module);
    if (relative !== undefined) return join(dirname(manifestPath), relative);
  } catch {
    // No readable package.json export: fall through to the package's own resolution.
  }
  return requireFrom.resolve(packageName);
}

/**
 * Imports the cell package `packageName` as installed for the project in directory `from` (its
 * node_modules, or a parent's), so that its cells are registered, and returns them.
 *
 * @throws naming the package and the directory when it is not installed there, and when it
 * registers no cell.
 */
export async function loadCellPackage(
  packageName: string,
  options: { from: string },
): Promise<LoadedCellPackage> {
  if (!packageNamePattern.test(packageName)) {
    throw new Error(
      `cell package '${packageName}' is not a package name (e.g. 'srnn-cell-mgu' or '@scope/cell-mgu')`,
    );
  }
  const from = resolve(options.from);
  let entry: string;
  try {
    entry = entryOf(packageName, from);
  } catch {
    throw new Error(
      `cell package '${packageName}' is not installed for the project in '${from}'; ` +
        `install it there (npm install ${packageName}) or give the directory it is installed in`,
    );
  }
  const before = new Set(listCells());
  await import(pathToFileURL(entry).href);
  const cells = describeCells()
    .filter((cell) => !before.has(cell.name) || cell.packageName === packageName)
    .map((cell) => cell.name);
  if (cells.length === 0) {
    throw new Error(
      `cell package '${packageName}' (${entry}) registered no cell; a cell package calls registerCell from '@srnn/cells' when imported`,
    );
  }
  return { packageName, entry, cells };
}
