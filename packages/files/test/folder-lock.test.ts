// One process writes a run folder at a time: a second is refused naming the holder, a lock left
// by a killed process is taken over, and a temporary whose writer still runs is never removed.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  FolderLockedError,
  LOCK_FILE,
  lockFolder,
  processAlive,
  removeStaleTemporaries,
  temporaryPathFor,
} from '../src';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srnn-folder-lock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

it('refuses a second lock while the first is held, naming the holder, and takes it once released', async () => {
  const lock = await lockFolder(dir);
  const second = lockFolder(dir);
  await expect(second).rejects.toThrow(FolderLockedError);
  await expect(lockFolder(dir)).rejects.toThrow(
    `${dir} is being written by another process (pid ${process.pid}, in ${join(dir, LOCK_FILE)})`,
  );
  await lock.release();
  expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  const again = await lockFolder(dir);
  await again.release();
});

it('takes over a lock whose process is gone, and one cut off mid-write', async () => {
  const pid = deadPid();
  expect(processAlive(pid)).toBe(false);
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid }));
  const lock = await lockFolder(dir);
  await lock.release();
  await writeFile(join(dir, LOCK_FILE), '{"pi');
  await (await lockFolder(dir)).release();
});

it('lets one of several processes started together take the folder, every time', async () => {
  const run = promisify(execFile);
  for (let round = 0; round < 3; round += 1) {
    const startAt = String(Date.now() + 1500);
    const outputs = await Promise.all(
      [0, 1, 2, 3].map(() =>
        run(process.execPath, [
          '--import',
          'tsx',
          join(__dirname, 'fixtures', 'lock-race.ts'),
          dir,
          startAt,
        ]),
      ),
    );
    // A process that starts late may take the lock after the first released it; two holding it
    // at once is the failure.
    const spans = outputs
      .map((o) => o.stdout.trim().split(' '))
      .filter((words) => words[0] === 'held')
      .map((words) => [Number(words[1]), Number(words[2])] as const)
      .sort((a, b) => a[0] - b[0]);
    expect(spans.length).toBeGreaterThanOrEqual(1);
    spans.slice(1).forEach((span, i) => expect(span[0]).toBeGreaterThanOrEqual(spans[i]![1]));
    expect(await readdir(dir)).toEqual([]);
  }
}, 60_000);

it('takes over a lock naming this pid that this process did not take (a killed run, pid reused)', async () => {
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, token: 'gone' }));
  const lock = await lockFolder(dir);
  // Its own lock it still refuses.
  await expect(lockFolder(dir)).rejects.toThrow(FolderLockedError);
  await lock.release();
});

it('releases only its own lock: one taken over meanwhile stays', async () => {
  const lock = await lockFolder(dir);
  const other = JSON.stringify({ pid: process.pid, token: 'someone-else' });
  await writeFile(join(dir, LOCK_FILE), other);
  await lock.release();
  expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(other);
});

it("removes a killed writer's temporary but not one whose writer still runs", async () => {
  const dead = join(dir, `report.json.${deadPid()}.0123abcd.tmp`);
  const live = temporaryPathFor(join(dir, 'report.json'));
  await writeFile(dead, '{"acc');
  await writeFile(live, '{"accuracy"');
  expect(await removeStaleTemporaries(dir, (t) => t === 'report.json')).toEqual([
    dead.slice(dir.length + 1),
  ]);
  expect(await readdir(dir)).toEqual([live.slice(dir.length + 1)]);
});
