// Runs the README's usage example (kept in readme-example.ts, which must be the README's code
// block word for word) and checks that it prints what its comments say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

const example = readFileSync(join(__dirname, 'readme-example.ts'), 'utf8');

it('is the code block of the README', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(example);
});

it('prints what its comments say', async () => {
  const printed: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(format(...args));
  });
  try {
    await import('./readme-example');
  } finally {
    log.mockRestore();
  }
  const expected = example
    .split('\n')
    .filter((line) => line.startsWith('console.log('))
    .map((line) => line.slice(line.lastIndexOf('// ') + 3));
  expect(expected).toHaveLength(3);
  expect(printed).toEqual(expected);
});
