// `srnn export --web`: the site's files (page, script, wasm, a bundle that reads back as the
// model's), how to serve it, and refusing a directory it did not write.
import { readBundleDirectory } from '@srnn/bundle/node';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { srnn, temporaryDir } from './helpers';

const LEGACY = join(__dirname, '..', '..', '..', 'test-fixtures', 'legacy-models', 'srnn-gru');

test('writes the site, says how to serve it, and replaces only a site of its own', async () => {
  const { dir, cleanup } = await temporaryDir();
  try {
    const site = join(dir, 'site');
    const run = await srnn(['export', '--web', site, '--model', LEGACY]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('python3 -m http.server 8080 --directory');
    expect(run.stdout).toContain('npx http-server');
    expect((await readdir(site)).sort()).toEqual(
      ['index.html', 'model', 'page.js', 'srnn-web.json', 'wasm'].sort(),
    );
    expect((await readdir(join(site, 'wasm'))).sort()).toEqual([
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
      'tfjs-backend-wasm.wasm',
    ]);
    // The first-release directory becomes a hashed bundle with the same labels and weights.
    const [original, exported] = [
      await readBundleDirectory(LEGACY),
      await readBundleDirectory(join(site, 'model')),
    ];
    expect(exported.legacy).toBe(false);
    expect(exported.labels).toEqual(original.labels);
    expect(Buffer.from(exported.weights).equals(Buffer.from(original.weights))).toBe(true);

    // Again into the same site: replaced as a whole.
    expect((await srnn(['export', '--web', site, '--model', LEGACY])).code).toBe(0);

    const other = join(dir, 'other');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'mine');
    const refused = await srnn(['export', '--web', other, '--model', LEGACY]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not a site written by srnn export');
    expect(await readdir(other)).toEqual(['notes.txt']);
  } finally {
    await cleanup();
  }
});

test("the web page way in of @srnn/inference's README: its srnn export line, as written", async () => {
  const readme = await readFile(
    join(__dirname, '..', '..', '..', 'packages', 'inference', 'README.md'),
    'utf8',
  );
  const line = readme.split('\n').find((l) => l.startsWith('srnn export '))!;
  expect(line).toBe('srnn export --web site --model runs/reviews');
  const { dir, cleanup } = await temporaryDir();
  const cwd = process.cwd();
  try {
    await cp(LEGACY, join(dir, 'runs', 'reviews'), { recursive: true });
    process.chdir(dir);
    const run = await srnn(line.split(' ').slice(1));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('python3 -m http.server 8080 --directory "site"');
    expect(await readdir(join(dir, 'site'))).toContain('index.html');
  } finally {
    process.chdir(cwd);
    await cleanup();
  }
});
