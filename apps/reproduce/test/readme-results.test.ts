import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  renderReadme,
  renderSections,
  replaceSections,
  repositoryRoot,
  RUN_FILES,
  staleSections,
} from '../src';

// The check the issue asks for: the README's generated sections must be exactly what the
// committed run JSON gives. Edit the run (pnpm docs:results --from DIR), not the README.
describe("the root README's generated result sections", () => {
  const root = repositoryRoot(__dirname);

  it('are what pnpm docs:results renders from docs/results/*.json', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const sections = await renderSections(root);
    expect(Object.keys(sections).sort()).toEqual(['bench', 'reproduce', 'scale', 'variants']);
    const stale = staleSections(readme, sections);
    if (stale.length > 0) {
      throw new Error(
        `README.md: generated section(s) ${stale.join(', ')} were edited by hand or their run JSON changed; run 'pnpm docs:results' (see docs/results/README.md)`,
      );
    }
  });

  it('would catch a figure edited by hand, and not a hand-written paragraph', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const sections = await renderSections(root);
    const benchStart = readme.indexOf('<!-- generated:bench');
    const benchEnd = readme.indexOf('<!-- end generated:bench -->');
    const figure = /\d+ ms/.exec(readme.slice(benchStart, benchEnd))!;
    const at = benchStart + figure.index;
    const edited = `${readme.slice(0, at)}1${readme.slice(at)}`;
    expect(staleSections(edited, sections)).toEqual(['bench']);
    const prose = readme.replace('What the figures say', 'What the figures tell');
    expect(prose).not.toBe(readme);
    expect(staleSections(prose, sections)).toEqual([]);
  });
});

describe('replaceSections', () => {
  const doc = [
    '# Title',
    '',
    '<!-- generated:a (do not edit) -->',
    'old a',
    '<!-- end generated:a -->',
    '',
    'hand text',
    '<!-- generated:b -->',
    '<!-- end generated:b -->',
    '',
  ].join('\n');

  it('rewrites only the text between the markers, with one blank line either side', () => {
    const out = replaceSections(doc, { a: 'new a\n', b: 'B' });
    expect(out).toBe(
      [
        '# Title',
        '',
        '<!-- generated:a (do not edit) -->',
        '',
        'new a',
        '',
        '<!-- end generated:a -->',
        '',
        'hand text',
        '<!-- generated:b -->',
        '',
        'B',
        '',
        '<!-- end generated:b -->',
        '',
      ].join('\n'),
    );
    expect(staleSections(out, { a: 'new a', b: 'B' })).toEqual([]);
    expect(staleSections(out, { a: 'new a', b: 'C' })).toEqual(['b']);
    // Idempotent: a second rendering changes nothing.
    expect(replaceSections(out, { a: 'new a', b: 'B' })).toBe(out);
  });

  it('says which marker is missing, unclosed or doubled', () => {
    expect(() => replaceSections(doc, { c: 'x' })).toThrow(
      "no line '<!-- generated:c ... -->' found",
    );
    expect(() => replaceSections('<!-- generated:a -->\ntext\n', { a: 'x' })).toThrow(
      "'<!-- generated:a' has no '<!-- end generated:a -->' after it",
    );
    const twice = `${doc}\n<!-- generated:a -->\n<!-- end generated:a -->\n`;
    expect(() => replaceSections(twice, { a: 'x' })).toThrow('appears twice');
  });
});

describe('pnpm docs:results', () => {
  const root = repositoryRoot(__dirname);
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'srnn-docs-'));
    await mkdir(join(work, 'docs', 'results'), { recursive: true });
    for (const file of Object.values(RUN_FILES))
      if (existsSync(join(root, file))) await cp(join(root, file), join(work, file));
    await writeFile(
      join(work, 'README.md'),
      '# R\n\n<!-- generated:reproduce -->\nold\n<!-- end generated:reproduce -->\n\n<!-- generated:bench -->\n<!-- end generated:bench -->\n\n<!-- generated:variants -->\n<!-- end generated:variants -->\n\n<!-- generated:scale -->\n<!-- end generated:scale -->\n',
    );
  });
  afterEach(async () => rm(work, { recursive: true, force: true }));

  it('--check fails on a stale section and passes once the sections are rewritten', async () => {
    const lines: string[] = [];
    const run = (check: boolean, from?: string) =>
      renderReadme({
        root: work,
        readme: join(work, 'README.md'),
        check,
        ...(from ? { from } : {}),
        log: (l) => lines.push(l),
      });
    expect(await run(true)).toBe(1);
    expect(lines.join('\n')).toContain(
      'README.md: the generated section(s) reproduce, bench, variants, scale differ',
    );
    expect(await run(false)).toBe(0);
    expect(await run(true)).toBe(0);
    const sections = await renderSections(work);
    expect(await readFile(join(work, 'README.md'), 'utf8')).toContain(sections['bench']!);

    // --from takes a run's JSON (refusing a file that is not one) before rendering.
    const results = join(work, 'results');
    await mkdir(results);
    await writeFile(join(results, 'speed.json'), '{"generatedAt": 1}');
    await expect(run(false, results)).rejects.toThrow(/speed\.json \(not the JSON of a run/);
    await cp(join(root, RUN_FILES.bench), join(results, 'speed.json'));
    lines.length = 0;
    expect(await run(false, results)).toBe(0);
    expect(lines[0]).toMatch(/took .*speed\.json as docs\/results\/bench\.json/);

    // Paths inside the run folder are committed relative to it, not as this machine's paths.
    const report = JSON.parse(await readFile(join(root, RUN_FILES.reproduce), 'utf8'));
    report.runs[0].outputDir = join(results, 'runs', 'uci-yelp', 'GRU', 'training');
    await writeFile(join(results, 'report.json'), JSON.stringify(report, null, 2));
    expect(await run(false, results)).toBe(0);
    const taken = await readFile(join(work, RUN_FILES.reproduce), 'utf8');
    expect(taken).not.toContain(results);
    expect(JSON.parse(taken).runs[0].outputDir).toBe(join('runs', 'uci-yelp', 'GRU', 'training'));
  });
});
