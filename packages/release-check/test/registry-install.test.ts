// [slow, about 1-3 min] What a user does, against a real npm registry: every public @srnn package
// is packed with pnpm (as a release publishes it: workspace ranges rewritten) and published to a
// local verdaccio (on 127.0.0.1, storage in a temporary folder; @srnn/* served only there, other
// packages proxied from the npm registry this machine uses). A blank project then runs the root
// README's `npm install @srnn/model @tensorflow/tfjs`, trains, saves to file://, loads and
// predicts, from plain CommonJS and from strict TypeScript (module nodenext, no skipLibCheck).
// Runs in CI (CI set) and on request (`pnpm test:install` or SRNN_INSTALL_TEST=1).
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repositoryRoot = resolve(__dirname, '../../..');
const describeSlow =
  process.env['SRNN_INSTALL_TEST'] === '1' || Boolean(process.env['CI']) ? describe : describe.skip;

/** Every public workspace package's folder. */
function publicPackages(): string[] {
  return readdirSync(join(repositoryRoot, 'packages')).filter((name) => {
    const manifest = JSON.parse(
      readFileSync(join(repositoryRoot, 'packages', name, 'package.json'), 'utf8'),
    ) as { private?: boolean };
    return manifest.private !== true;
  });
}

/** A package and every workspace package it depends on, from the package.json files. */
function workspaceClosure(name: string, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [...seen];
  seen.add(name);
  const manifest = JSON.parse(
    readFileSync(join(repositoryRoot, 'packages', name, 'package.json'), 'utf8'),
  ) as { dependencies?: Record<string, string> };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    if (dependency.startsWith('@srnn/')) workspaceClosure(dependency.slice('@srnn/'.length), seen);
  }
  return [...seen];
}

/**
 * The environment of every command here, without the npm settings a parent package manager sets
 * (pnpm and npm export `npm_config_registry` to the scripts they run, and an environment setting
 * overrides an .npmrc): each command names the local registry itself, so nothing is ever sent to
 * another registry, above all no publish.
 */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)),
  );
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(env),
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`,
    );
  }
}

/** run, without blocking: packing and publishing go four at a time. */
function runAsync(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile(command, args, { cwd, encoding: 'utf8', env: childEnv() }, (error, stdout, stderr) => {
      if (error)
        fail(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`));
      else done(stdout);
    });
  });
}

async function fourAtATime<T>(items: T[], action: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  const worker = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await action(item);
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitForRegistry(
  url: string,
  registry: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (registry.exitCode !== null) throw new Error(`verdaccio exited:\n${log()}`);
    try {
      if ((await fetch(`${url}/-/ping`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((next) => setTimeout(next, 250));
  }
  throw new Error(`verdaccio did not answer on ${url} within 60 s:\n${log()}`);
}

const MODEL = `{ vocabularySize: 20, embeddingDim: 4, units: 4, classes: 2, maxLength: 8, slicing: 'SRNN(2,2)', seed: 1 }`;

/** Plain CommonJS: train a few steps, save to file://, load it back, predict the same. */
const commonJsScript = `
const tf = require('@tensorflow/tfjs');
const { buildClassifier } = require('@srnn/model');
const { cellConformanceChecks } = require('@srnn/model/testing');
(async () => {
  const model = buildClassifier(${MODEL});
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  const ids = tf.tensor2d(Array.from({ length: 32 }, (_, r) => Array.from({ length: 8 }, (_, t) => (r * 7 + t * 3) % 20)), undefined, 'int32');
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, r) => r % 2), 'int32'), 2);
  const history = await model.fit(ids, labels, { epochs: 3, batchSize: 8, verbose: 0 });
  await model.save('file://' + process.argv[2]);
  const loaded = await tf.loadLayersModel('file://' + process.argv[2] + '/model.json');
  const before = model.predict(ids).dataSync();
  const after = loaded.predict(ids).dataSync();
  const maxDiff = Math.max(...Array.from(before, (v, i) => Math.abs(v - after[i])));
  console.log(JSON.stringify({ losses: history.history.loss.length, maxDiff, kit: typeof cellConformanceChecks }));
})();
`;

/** Strict TypeScript, ES modules under nodenext: the same, typed. */
const typeScriptSource = `
import * as tf from '@tensorflow/tfjs';
import { buildClassifier, type ClassifierConfig } from '@srnn/model';

const config: ClassifierConfig = ${MODEL};
const model: tf.LayersModel = buildClassifier(config);
model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
const ids = tf.tensor2d(Array.from({ length: 16 }, (_, r) => Array.from({ length: 8 }, (_, t) => (r + t) % 20)), undefined, 'int32');
const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, r) => r % 2), 'int32'), 2);
await model.fit(ids, labels, { epochs: 2, batchSize: 8, verbose: 0 });
const directory: string = process.argv[2]!;
await model.save(\`file://\${directory}\`);
const loaded = await tf.loadLayersModel(\`file://\${directory}/model.json\`);
const before = (model.predict(ids) as tf.Tensor).dataSync();
const after = (loaded.predict(ids) as tf.Tensor).dataSync();
const maxDiff = Math.max(...Array.from(before, (v, i) => Math.abs(v - after[i]!)));
console.log(JSON.stringify({ maxDiff }));
`;

describeSlow('[slow] installing @srnn/model from a registry, as the README says', () => {
  let work: string;
  let registry: ChildProcess;
  let registryLog = '';
  let url: string;
  let project: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'srnn-registry-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // The npm registry this machine reaches, read now, never written into the repository.
    const upstream = run('npm', ['config', 'get', 'registry'], work).trim();
    writeFileSync(
      join(work, 'config.yaml'),
      [
        `storage: ${join(work, 'storage')}`,
        `auth:\n  htpasswd:\n    file: ${join(work, 'htpasswd')}`,
        `uplinks:\n  upstream:\n    url: ${upstream}\n    timeout: 60s`,
        'packages:',
        "  '@srnn/*':\n    access: $all\n    publish: $authenticated",
        "  '**':\n    access: $all\n    publish: $authenticated\n    proxy: upstream",
        'log: { type: stdout, format: pretty, level: warn }',
        '',
      ].join('\n'),
    );
    const bin = require.resolve('verdaccio/bin/verdaccio');
    registry = spawn(
      process.execPath,
      [bin, '--config', join(work, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    registry.stdout!.on('data', (chunk: Buffer) => (registryLog += chunk.toString()));
    registry.stderr!.on('data', (chunk: Buffer) => (registryLog += chunk.toString()));
    await waitForRegistry(url, registry, () => registryLog);

    // A user for publishing (the registry's own API, as `npm adduser` uses it).
    const user = await fetch(`${url}/-/user/org.couchdb.user:release`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'release', password: 'release-check' }),
    });
    const { token } = (await user.json()) as { token: string };
    const npmrc = join(work, 'publish.npmrc');
    writeFileSync(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);

    // Pack with pnpm (workspace:* becomes the version) and publish each tarball.
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    await fourAtATime(publicPackages(), (name) =>
      runAsync(
        'pnpm',
        ['pack', '--pack-destination', tarballs],
        join(repositoryRoot, 'packages', name),
      ),
    );
    await fourAtATime(readdirSync(tarballs), (tarball) =>
      runAsync(
        'npm',
        [
          'publish',
          join(tarballs, tarball),
          '--userconfig',
          npmrc,
          '--registry',
          `${url}/`,
          '--access',
          'public',
        ],
        work,
      ),
    );

    project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, '.npmrc'), `registry=${url}/\n`);
    run('npm', ['init', '-y'], project);
    // The README's command.
    run(
      'npm',
      [
        'install',
        '@srnn/model',
        '@tensorflow/tfjs',
        '--no-audit',
        '--no-fund',
        '--registry',
        `${url}/`,
      ],
      project,
    );
  }, 480_000);

  afterAll(() => {
    registry?.kill();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('installed @srnn/model and its @srnn dependencies, published only to the local registry', () => {
    const megabytes = (path: string): string =>
      (Number(run('du', ['-sk', path], project).split('\t')[0]) / 1024).toFixed(1);
    process.stderr.write(
      `installed size: ${megabytes('node_modules')} MB in all (@srnn/model + @tensorflow/tfjs), ` +
        `of which @srnn/* ${megabytes('node_modules/@srnn')} MB, @tensorflow/* ${megabytes('node_modules/@tensorflow')} MB\n`,
    );
    const installed = readdirSync(join(project, 'node_modules/@srnn')).sort();
    expect(installed).toEqual(workspaceClosure('model').sort());
    const version = (name: string): string =>
      (
        JSON.parse(
          readFileSync(join(repositoryRoot, 'packages', name, 'package.json'), 'utf8'),
        ) as { version: string }
      ).version;
    for (const name of installed) {
      const manifest = JSON.parse(
        readFileSync(join(project, 'node_modules/@srnn', name, 'package.json'), 'utf8'),
      ) as { version: string; dependencies?: Record<string, string> };
      expect(manifest.version).toBe(version(name));
      for (const file of ['LICENSE', 'README.md', 'dist/index.d.ts', 'dist/index.d.cts']) {
        expect({
          name,
          file,
          shipped: existsSync(join(project, 'node_modules/@srnn', name, file)),
        }).toEqual({ name, file, shipped: true });
      }
      // pnpm pack turned workspace:* into the exact versions released together.
      for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
        if (dependency.startsWith('@srnn/')) expect(range).toBe(version(dependency.slice(6)));
      }
      // The registry holds it (published there), not a copy fetched from upstream.
      expect(readdirSync(join(work, 'storage/@srnn'))).toContain(name);
    }
  });

  it('trains, saves to file://, loads and predicts from plain CommonJS', () => {
    writeFileSync(join(project, 'train.cjs'), commonJsScript);
    const output = run(process.execPath, ['train.cjs', join(project, 'model-cjs')], project);
    const result = JSON.parse(output.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(result).toEqual({ losses: 3, maxDiff: 0, kit: 'function' });
  });

  it("runs the root README's Node example as it stands", () => {
    writeFileSync(
      join(project, 'example.cjs'),
      readFileSync(join(__dirname, 'readme-node-example.cjs'), 'utf8'),
    );
    const output = run(process.execPath, ['example.cjs'], project);
    expect(readdirSync(join(project, 'my-srnn-model')).sort()).toEqual([
      'model.json',
      'weights.bin',
    ]);
    // Two rows of two class probabilities, each row summing to 1.
    const numbers = (output.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) ?? []).map(Number);
    expect(numbers).toHaveLength(4);
    expect(numbers[0]! + numbers[1]!).toBeCloseTo(1, 5);
    expect(numbers[2]! + numbers[3]!).toBeCloseTo(1, 5);
  });

  it('type-checks in strict TypeScript (nodenext, no skipLibCheck) and runs the same', () => {
    writeFileSync(join(project, 'train.mts'), typeScriptSource);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          skipLibCheck: false,
          // This repository's TypeScript and Node types, the versions a user would add.
          typeRoots: [join(repositoryRoot, 'node_modules/@types')],
          types: ['node'],
          outDir: 'built',
        },
        files: ['train.mts'],
      }),
    );
    // TensorFlow.js 4.22's own declarations do not pass a strict check (hash_util.d.ts needs
    // Long's global types; tfjs-layers' Keras formats); every other file, ours included, must.
    let diagnostics = '';
    try {
      const tsc = join(repositoryRoot, 'node_modules/typescript/bin/tsc');
      run(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmitOnError', 'false'], project);
    } catch (error) {
      diagnostics = (error as Error).message;
    }
    const errors = diagnostics.split('\n').filter((line) => /error TS\d+/.test(line));
    const ours = errors.filter((line) => !line.startsWith('node_modules/@tensorflow/'));
    expect(ours).toEqual([]);
    const output = run(process.execPath, ['built/train.mjs', join(project, 'model-ts')], project);
    expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({ maxDiff: 0 });
  });
});
