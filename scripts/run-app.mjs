#!/usr/bin/env node
// Builds an app and the packages it depends on (turbo, cached), then runs it with the given
// arguments. Build output is shown only when the build fails, so the app's own output stays clean.
// usage: node scripts/run-app.mjs <app folder name> <bin file> [args...]
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [app, bin, ...args] = process.argv.slice(2);
if (!app || !bin) {
  console.error('usage: node scripts/run-app.mjs <app> <bin file> [args...]');
  process.exit(2);
}
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', `--filter=@srnn/${app}...`, '--output-logs=errors-only'],
  { cwd: root, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  console.error(`Building ${app} failed (above).`);
  process.exit(build.status ?? 1);
}
// The app handles Ctrl-C itself (it checkpoints and exits): this wrapper only waits for it, and
// passes on a SIGTERM sent to the wrapper alone.
const child = spawn(process.execPath, [join(root, 'apps', app, 'dist', bin), ...args], {
  stdio: 'inherit',
});
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
