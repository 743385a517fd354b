// Loading a cell package by name from a project directory, as tools do for cells outside this
// repository: in a child Node.js process (real ESM import and resolution) against the build, with
// a project whose node_modules holds a small cell package.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const packageRoot = resolve(__dirname, '..');
const dist = (file: string): string => pathToFileURL(join(packageRoot, 'dist', file)).href;

function load(
  project: string,
  name: string,
): { result?: unknown; error?: string; cells?: string[] } {
  const script = `
    import { listCells, loadCellPackage } from ${JSON.stringify(dist('node.js'))};
    try {
      const result = await loadCellPackage(${JSON.stringify(name)}, { from: ${JSON.stringify(project)} });
      console.log(JSON.stringify({ result, cells: listCells() }));
    } catch (error) {
      console.log(JSON.stringify({ error: error.message }));
    }`;
  return JSON.parse(
    execFileSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  );
}

describe("loadCellPackage (@srnn/cells' Node.js entry)", () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'srnn-cell-project-'));
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, '@srnn'), { recursive: true });
    symlinkSync(packageRoot, join(modules, '@srnn', 'cells'), 'dir');
    const cellPackage = (name: string, source: string): void => {
      const dir = join(modules, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name, type: 'module', exports: { '.': { import: './index.js' } } }),
      );
      writeFileSync(join(dir, 'index.js'), source);
    };
    cellPackage(
      '@acme/cell-fake',
      `import { encoderOptionsSchema, registerCell } from '@srnn/cells';
       registerCell({ name: 'fake-cell', description: 'a test cell', packageName: '@acme/cell-fake',
         optionsSchema: encoderOptionsSchema, createEncoder() { throw new Error('unused'); } });`,
    );
    cellPackage('not-a-cell', 'export const nothing = 1;');
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('imports the package as installed for the project and reports the cells it registered', () => {
    const { result, cells } = load(project, '@acme/cell-fake');
    expect(result).toMatchObject({ packageName: '@acme/cell-fake', cells: ['fake-cell'] });
    expect(cells).toContain('fake-cell');
  });

  it('names the package and the directory when it is not installed there', () => {
    expect(load(project, 'srnn-cell-missing').error).toMatch(
      /cell package 'srnn-cell-missing' is not installed for the project in '.*srnn-cell-project-.*'; install it there/,
    );
  });

  it('refuses a package that registers no cell, and a name that is not a package name', () => {
    expect(load(project, 'not-a-cell').error).toMatch(/'not-a-cell' .* registered no cell/);
    expect(load(project, '../evil').error).toMatch(/'..\/evil' is not a package name/);
  });
});
