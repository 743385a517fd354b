/**
 * Regenerates the README's result sections from the committed run JSON (docs/results/), or
 * checks that they are as the generator writes them. `--from DIR` first takes the JSON of a new
 * run (DIR/report.json of `pnpm reproduce`, to variants.json when the run was `--experiment
 * variants`; DIR/speed.json of `pnpm bench`; DIR/scale.json of `--experiment scale`) into
 * docs/results/.
 */
import { writeFileAtomic } from '@srnn/files';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { benchSection } from './bench-section';
import { replaceSections, staleSections } from './readme-sections';
import { reproduceSection } from './reproduce-section';
import {
  benchRunSchema,
  parseRunJson,
  readRunJson,
  reproduceRunSchema,
  scaleRunSchema,
} from './run-json';
import { scalePlaceholder, scaleSection } from './scale-section';
import { variantsPlaceholder, variantsSection } from './variants-section';

/** Where each generated section's run JSON is committed, relative to the repository root. */
export const RUN_FILES = {
  reproduce: 'docs/results/reproduce.json',
  bench: 'docs/results/bench.json',
  variants: 'docs/results/variants.json',
  scale: 'docs/results/scale.json',
} as const;

/** The repository root: the nearest folder up from here that holds pnpm-workspace.yaml. */
export function repositoryRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = up;
  }
  return dir;
}

/** Every generated section's text, from the committed run JSON under `root`. */
export async function renderSections(root: string): Promise<Record<string, string>> {
  return {
    reproduce: reproduceSection(
      await readRunJson(join(root, RUN_FILES.reproduce), reproduceRunSchema),
    ),
    bench: benchSection(await readRunJson(join(root, RUN_FILES.bench), benchRunSchema)),
    // Optional until a run of the experiment is committed.
    variants: existsSync(join(root, RUN_FILES.variants))
      ? variantsSection(await readRunJson(join(root, RUN_FILES.variants), reproduceRunSchema))
      : variantsPlaceholder(RUN_FILES.variants),
    scale: existsSync(join(root, RUN_FILES.scale))
      ? scaleSection(await readRunJson(join(root, RUN_FILES.scale), scaleRunSchema))
      : scalePlaceholder(RUN_FILES.scale),
  };
}

/**
 * `text` (a run's JSON) with every path inside the run folder `dir` made relative to it
 * (`runs/uci-yelp/GRU/training`): where the run's folder was is a path of the machine of the run,
 * not something to commit.
 */
export function relativeToRun(text: string, dir: string): string {
  // As the path appears inside a JSON string (backslashes escaped), with its separator.
  const prefix = JSON.stringify(resolve(dir) + sep).slice(1, -1);
  return text.split(prefix).join('');
}

/**
 * Copies a run's JSON from `dir` into docs/results/ after checking it, its paths made relative
 * to the run folder; returns what was taken and warnings about runs that are not the full
 * default one.
 */
export async function takeRun(root: string, dir: string): Promise<string[]> {
  if (!existsSync(dir)) throw new Error(`--from ${dir}: no such folder`);
  // Every file is read and checked before any is written: a bad one leaves docs/results as it was.
  const taken: { target: string; text: string; line: string }[] = [];
  const warnings: string[] = [];
  for (const output of ['report.json', 'speed.json'] as const) {
    const file = join(dir, output);
    if (!existsSync(file)) continue;
    const text = relativeToRun(await readFile(file, 'utf8'), dir);
    const run =
      output === 'report.json'
        ? parseRunJson(file, text, reproduceRunSchema)
        : parseRunJson(file, text, benchRunSchema);
    const settings = run.extra.settings as Record<string, unknown>;
    const section =
      output === 'speed.json'
        ? 'bench'
        : settings['experiment'] === 'variants'
          ? 'variants'
          : 'reproduce';
    if (section !== 'bench' && settings['limit'] !== null && settings['limit'] !== undefined)
      warnings.push(`warning: ${file} is a run with --limit ${String(settings['limit'])}`);
    taken.push({
      target: RUN_FILES[section],
      text,
      line: `took ${file} as ${RUN_FILES[section]}`,
    });
  }
  const scaleFile = join(dir, 'scale.json');
  if (existsSync(scaleFile)) {
    const run = parseRunJson(scaleFile, await readFile(scaleFile, 'utf8'), scaleRunSchema);
    // Where the data and the work went are paths of the machine of the run: not committed.
    const { dataDir: _data, workDir: _work, ...settings } = run.extra.settings;
    const kept = { ...run, extra: { ...run.extra, settings } };
    taken.push({
      target: RUN_FILES.scale,
      text: `${JSON.stringify(kept, null, 2)}\n`,
      line: `took ${scaleFile} as ${RUN_FILES.scale} (its folder paths left out)`,
    });
  }
  if (taken.length === 0)
    throw new Error(`${dir} holds none of report.json, speed.json and scale.json`);
  for (const { target, text } of taken) await writeFileAtomic(join(root, target), text);
  return [...warnings, ...taken.map((t) => t.line)];
}

export interface RenderOptions {
  root: string;
  readme: string;
  check: boolean;
  from?: string;
  log: (line: string) => void;
}

/** Writes (or with `check`, compares) the generated sections; returns the exit code. */
export async function renderReadme(options: RenderOptions): Promise<number> {
  if (options.check && options.from) {
    // --check promises to change nothing; --from copies a run into docs/results.
    throw new Error(
      `--check and --from ${options.from} together: --check changes nothing, --from copies a run into docs/results; run 'pnpm docs:results --from ${options.from}' first, then '--check'`,
    );
  }
  if (options.from) for (const line of await takeRun(options.root, options.from)) options.log(line);
  const sections = await renderSections(options.root);
  const markdown = await readFile(options.readme, 'utf8');
  const name = relative(options.root, options.readme);
  if (options.check) {
    const stale = staleSections(markdown, sections);
    if (stale.length === 0) return 0;
    options.log(
      `${name}: the generated section(s) ${stale.join(', ')} differ from what the committed run JSON gives ` +
        `(${stale.map((s) => RUN_FILES[s as keyof typeof RUN_FILES]).join(', ')}). Edit the JSON's run, not ` +
        `the section: run 'pnpm docs:results' to rewrite them.`,
    );
    return 1;
  }
  const updated = replaceSections(markdown, sections);
  if (updated !== markdown) await writeFileAtomic(options.readme, updated);
  options.log(`${name}: ${updated === markdown ? 'up to date' : 'generated sections rewritten'}`);
  return 0;
}
