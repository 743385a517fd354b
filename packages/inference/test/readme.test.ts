// Runs the README's Node example exactly as written: a plain ES module, in a project where
// @srnn/inference is the built package, against a copy of a trained model at runs/reviews. What
// it prints must be what the classifier gives in this process.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadClassifierFromDirectory } from '../src/node';

const PACKAGE = join(__dirname, '..');
const MODEL = join(__dirname, '..', '..', '..', 'test-fixtures', 'legacy-models', 'srnn-gru');

/** The README's fenced blocks of one language. */
async function readmeBlocks(language: string): Promise<string[]> {
  const readme = await readFile(join(PACKAGE, 'README.md'), 'utf8');
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(
    (m) => m[1]!,
  );
}

test('the Node example runs and prints what the classifier answers', async () => {
  const [example] = await readmeBlocks('js');
  expect(example).toContain("from '@srnn/inference'");
  const project = await mkdtemp(join(tmpdir(), 'srnn-inference-readme-'));
  try {
    await mkdir(join(project, 'node_modules', '@srnn'), { recursive: true });
    await symlink(PACKAGE, join(project, 'node_modules', '@srnn', 'inference'), 'dir');
    await cp(MODEL, join(project, 'runs', 'reviews'), { recursive: true });
    await writeFile(join(project, 'example.mjs'), example!);
    const { stdout } = await promisify(execFile)(process.execPath, ['example.mjs'], {
      cwd: project,
    });

    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    const classifier = await loadClassifierFromDirectory(MODEL);
    const [want] = await classifier.classify(['The food was great']);
    classifier.dispose();
    const printed = stdout.trim().split('\n').at(-1)!;
    expect(printed.startsWith(`${want!.label} { neg: `)).toBe(true);
    expect(printed.endsWith(` ${want!.knownTokens}`)).toBe(true);
    const numbers = [...printed.matchAll(/(neg|pos): ([0-9.e-]+)/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(numbers.map(([label]) => label)).toEqual(['neg', 'pos']);
    for (const [label, p] of numbers)
      expect(Math.abs((p as number) - want!.probabilities[label as string]!)).toBeLessThan(1e-6);
  } finally {
    await rm(project, { recursive: true, force: true });
  }
});
