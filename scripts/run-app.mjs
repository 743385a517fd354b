#!/usr/bin/env node
// Builds an app and the packages it depends on (turbo, cached), then runs it with the given
// arguments. Build output is shown only when the build fails, so the app's own output stays clean.
// usage: node scripts/run-app.mjs <app folder name> <bin file> [args...]
//
// The app runs in the directory the user ran the command from (pnpm's INIT_CWD, else this
// process's), so relative paths mean what the user meant; the wrapper exits with the app's code
// (130 after Ctrl-C). Through `pnpm <script>`, pnpm 9 itself turns an interrupted run's code into
// 0: scripts/srnn.mjs and scripts/reproduce.mjs are entries that do not go through pnpm.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Builds `app`, runs its `bin` with `args` in the user's directory, and exits with its code. */
export function runApp(root, app, bin, args) {
  const build = spawnSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', `--filter=@srnn/${app}...`, '--output-logs=errors-only'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
  );
  if (build.status !== 0) {
    process.stderr.write((build.stdout ?? '') + (build.stderr ?? ''));
    console.error(`Building ${app} failed (above).`);
    process.exit(build.status ?? 1);
  }
  // The app handles Ctrl-C itself (it checkpoints and exits): this wrapper only waits for it, and
  // passes on a SIGTERM sent to the wrapper alone.
  const child = spawn(process.execPath, [join(root, 'apps', app, 'dist', bin), ...args], {
    stdio: 'inherit',
    cwd: process.env.INIT_CWD || process.cwd(),
  });
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [app, bin, ...args] = process.argv.slice(2);
  if (!app || !bin) {
    console.error('usage: node scripts/run-app.mjs <app> <bin file> [args...]');
    process.exit(2);
  }
  runApp(join(dirname(fileURLToPath(import.meta.url)), '..'), app, bin, args);
}
