// The root README's code for the library in Node.js and for @srnn/inference is the code the tests
// run: the Node example is the file the registry install test runs, and the inference snippet is
// the one @srnn/inference's own README test runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

it('shows the Node example the install test runs, as it stands', () => {
  const example = readFileSync(join(__dirname, 'readme-node-example.cjs'), 'utf8')
    .split('\n')
    .slice(2) // the file's own header comment
    .join('\n')
    .trim();
  expect(readme).toContain(`\`\`\`js\n${example}\n\`\`\``);
});

it("shows @srnn/inference's Node snippet as that package's README (and its test) has it", () => {
  const inference = readFileSync(join(root, 'packages', 'inference', 'README.md'), 'utf8');
  const snippet = /```js\n(import \{ loadClassifierFromDirectory \}[\s\S]*?)```/.exec(
    inference,
  )?.[1];
  expect(snippet).toBeDefined();
  expect(readme).toContain(`\`\`\`js\n${snippet!}\`\`\``);
});
