// The bad-input catalogue (cases in catalogue/cases.ts): for each input, the exit code, that the
// message names the file, line, field or flag, and that nothing finished changed on disk (bytes).
// Set CATALOGUE_TALLY=file.json to write how each case came out (clear, unclear, silent-wrong,
// crash) and the counts.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CASES, type Case } from './catalogue/cases';
import { copyDir, REVIEWS_CSV, train, type CaseContext } from './catalogue/context';
import { classify, runIsolated, snapshot, type Outcome } from './catalogue/harness';
import { quietTf, srnn, temporaryDir, type Run } from './helpers';

let root: { dir: string; cleanup: () => Promise<void> };
let baseModel: string;
const tally: {
  code: number;
  message: string;
  id: string;
  area: string;
  owner?: string;
  knownFailing: boolean;
  outcome: Outcome;
}[] = [];

beforeAll(async () => {
  quietTf();
  root = await temporaryDir();
  baseModel = join(root.dir, 'base-model');
  const run = await srnn(train(REVIEWS_CSV, baseModel));
  if (run.code !== 0) throw new Error(`training the catalogue's model failed: ${run.stderr}`);
});

afterAll(async () => {
  const file = process.env['CATALOGUE_TALLY'];
  if (file) {
    const counts: Record<string, number> = { cases: tally.length };
    for (const t of tally) counts[t.outcome] = (counts[t.outcome] ?? 0) + 1;
    await writeFile(file, `${JSON.stringify({ counts, cases: tally }, null, 2)}\n`);
  }
  await root.cleanup();
});

async function runCase(entry: Case, index: number): Promise<void> {
  const dir = join(root.dir, `case-${index}`);
  await mkdir(dir, { recursive: true });
  const context: CaseContext = {
    dir,
    model: join(dir, 'model'),
    file: async (name, content) => {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
  };
  await copyDir(baseModel, context.model);
  try {
    await entry.setup?.(context);
  } catch (error) {
    throw new Error(`the case's setup failed: ${(error as Error).message}`);
  }
  const argv = await entry.argv(context);
  const watched = entry.unchanged?.(context) ?? (entry.code !== 0 ? [dir] : []);
  const before = await Promise.all(watched.map((d) => snapshot(d)));
  let run: Run;
  let threw = false;
  try {
    if (entry.isolate) {
      const isolated = await runIsolated(argv);
      threw = isolated.killed;
      run = isolated;
    } else run = await srnn(argv, entry.stdin !== undefined ? { stdin: entry.stdin } : {});
  } catch (error) {
    threw = true;
    run = { code: -1, stdout: '', stderr: String((error as Error).stack ?? error) };
  }
  const after = await Promise.all(watched.map((d) => snapshot(d)));
  const names = entry.names(context);
  const message = `${run.stderr}`;
  const namesAll = names.every((n) => message.includes(n));
  let checkPassed = true;
  try {
    checkPassed = entry.check ? await entry.check(run, context) : true;
  } catch {
    checkPassed = false;
  }
  const diskUnchanged = JSON.stringify(before) === JSON.stringify(after);
  const outcome = classify({
    threw,
    stderr: run.stderr,
    code: run.code,
    expectedCode: entry.code,
    namesAll,
    diskUnchanged,
    checkPassed,
  });
  tally.push({
    id: entry.id,
    area: entry.area,
    ...(entry.owner ? { owner: entry.owner } : {}),
    knownFailing: entry.knownFailing === true,
    outcome,
    code: run.code,
    message: run.stderr.slice(0, 400),
  });
  // One assertion with everything in it, so a failure says what happened.
  expect({
    code: run.code,
    names: namesAll,
    diskUnchanged,
    check: checkPassed,
    threw,
    message: run.stderr.slice(0, 600),
  }).toEqual({
    message: expect.any(String),
    code: entry.code,
    names: true,
    diskUnchanged: true,
    check: true,
    threw: false,
  });
  // The message is one line or a short block, never a dump.
  expect(run.stderr.length).toBeLessThan(4000);
}

describe('bad-input catalogue', () => {
  CASES.forEach((entry, index) => {
    const name = `${entry.area}: ${entry.id}${entry.owner ? ` [${entry.owner}]` : ''}`;
    (entry.knownFailing ? test.failing : test)(name, () => runCase(entry, index));
  });
});
