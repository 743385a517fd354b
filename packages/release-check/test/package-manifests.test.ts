// What each public package ships: the fields a registry user depends on, and that every file its
// exports name is in its build. Checked on the built packages, as they would be packed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const packagesDir = resolve(__dirname, '../..');

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  files?: string[];
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifests = readdirSync(packagesDir)
  .map((folder) => ({
    folder,
    manifest: JSON.parse(
      readFileSync(join(packagesDir, folder, 'package.json'), 'utf8'),
    ) as Manifest,
  }))
  .filter(({ manifest }) => manifest.private !== true);

/** Every file path an exports map names (conditions nested to any depth). */
function exportedFiles(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportedFiles);
}

describe.each(manifests)('$manifest.name', ({ folder, manifest }) => {
  const dir = join(packagesDir, folder);

  it('has a licence, its text, a README and ships dist', () => {
    expect(manifest.license).toBe('MIT');
    expect(existsSync(join(dir, 'LICENSE'))).toBe(true);
    expect(existsSync(join(dir, 'README.md'))).toBe(true);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE']));
  });

  it('exports ESM, CommonJS and types for every entry, and each named file is built', () => {
    const entries = Object.entries(manifest.exports ?? {}).filter(
      ([key]) => key !== './package.json',
    );
    expect(entries.length).toBeGreaterThan(0);
    for (const [key, conditions] of entries) {
      const text = JSON.stringify(conditions);
      for (const needed of ['"import"', '"require"', '"types"']) {
        expect({ entry: key, has: text.includes(needed) }).toEqual({ entry: key, has: true });
      }
    }
    const missing = exportedFiles(manifest.exports).filter((file) => !existsSync(join(dir, file)));
    expect(missing).toEqual([]);
  });

  it('depends on other @srnn packages through the workspace, and on TensorFlow.js ~4.22.0', () => {
    for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
      if (name.startsWith('@srnn/'))
        expect({ name, range }).toEqual({ name, range: 'workspace:*' });
    }
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (name.startsWith('@tensorflow/'))
        expect({ name, range }).toEqual({ name, range: '~4.22.0' });
    }
  });
});
