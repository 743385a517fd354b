// The default entry must load in a browser: no Node built-in anywhere in what it imports.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const SRC = join(__dirname, '..', 'src');

/** The package's own modules that `entry` reaches through relative imports. */
async function reach(entry: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = await readFile(join(SRC, `${entry}.ts`), 'utf8');
  for (const [, spec] of source.matchAll(/from '(\.\/[a-z-]+)'/g))
    await reach(spec!.slice(2), seen);
  return seen;
}

test('the default entry imports no node: module (directly or through its own modules)', async () => {
  const modules = await reach('index');
  expect(modules.has('node-reader')).toBe(false);
  expect(modules.has('write-bundle')).toBe(false);
  for (const name of modules) {
    const source = await readFile(join(SRC, `${name}.ts`), 'utf8');
    expect({ name, node: /from '(node:|fs|path|crypto)/.test(source) }).toEqual({
      name,
      node: false,
    });
  }
});

test('the Node entry is where the file system is used', async () => {
  const source = await readFile(join(SRC, 'write-bundle.ts'), 'utf8');
  expect(source).toMatch(/from 'node:fs\/promises'/);
});
