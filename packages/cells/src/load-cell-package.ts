// Loading cell packages by name for tools (Node.js only, so in the node entry): a tool given a
// cell package's name resolves it from the user's project directory, imports it (which registers
// its cells) and reports what it registered.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
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

/** The folder of `packageName` as Node.js finds it from `from`: node_modules here or above. */
function packageFolder(packageName: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', packageName);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The relative path of an `exports` target for an ESM import, if the map gives one. */
function importTarget(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (exports === null || typeof exports !== 'object') return undefined;
  const map = exports as Record<string, unknown>;
  const dot = '.' in map ? map['.'] : map;
  if (typeof dot === 'string') return dot;
  if (dot === null || typeof dot !== 'object') return undefined;
  for (const condition of ['import', 'node', 'default']) {
    const target = importTarget((dot as Record<string, unknown>)[condition]);
    if (target !== undefined) return target;
  }
  return undefined;
}

// The ESM entry (exports["."] for import, then "module", "main", index.js), so that the package
// meets the same @tensorflow/tfjs instance as an ESM caller.
function entryOf(packageName: string, from: string): string | undefined {
  const folder = packageFolder(packageName, from);
  if (folder === undefined) return undefined;
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;
  const relative = importTarget(manifest.exports) ?? manifest.module ?? manifest.main ?? 'index.js';
  const entry = resolve(folder, relative);
  // A manifest cannot point outside its package.
  return entry.startsWith(folder + sep) ? entry : undefined;
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
  const entry = entryOf(packageName, from);
  if (entry === undefined) {
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
