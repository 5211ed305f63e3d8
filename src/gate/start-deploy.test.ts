import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.test-helper.js';
import { createFakeDeploy } from './fake-deploy.test-helper.js';
import { MAX_PENDING_LINE } from './prefix-lines.js';
import { startDeploy } from './start-deploy.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('startDeploy', () => {
  it('streams both outputs with a prefix and reports the exit and duration', async () => {
    const clock = createFakeClock();
    const deploy = createFakeDeploy();
    let output = '';
    const running = startDeploy(['./deploy.sh', '--to', 'prod'], {
      spawn: deploy.spawn,
      clock,
      sleep: clock.sleep,
      output: (text) => {
        output += text;
      },
    });
    expect(deploy.started).toEqual([{ file: './deploy.sh', args: ['--to', 'prod'] }]);
    deploy.stdout.write('pulling v2\nrestart');
    deploy.stderr.write('warning: slow disk\n');
    await tick();
    deploy.stdout.write('ing\nno newline at the end');
    clock.advance(1234);
    deploy.finish({ kind: 'exited', code: 3 });
    const outcome = await running.finished;
    expect(outcome).toMatchObject({
      command: ['./deploy.sh', '--to', 'prod'],
      exit: { kind: 'exited', code: 3 },
      durationMs: 1234,
      interrupted: false,
    });
    expect(output.split('\n').sort()).toEqual(
      [
        '',
        'deploy| no newline at the end',
        'deploy| pulling v2',
        'deploy| restarting',
        'deploy| warning: slow disk',
      ].sort(),
    );
    await running.release();
    // the group ended with the command: nothing to signal
    expect(deploy.signals).toEqual([]);
    expect(deploy.outputClosed).toBe(true);
  });

  it('stops the command with SIGTERM when interrupted, and SIGKILL if it ignores that', async () => {
    const clock = createFakeClock();
    const deploy = createFakeDeploy();
    deploy.onSignal = (signal) => {
      if (signal === 'SIGKILL') deploy.finish({ kind: 'signaled', signal });
    };
    const interrupt = new AbortController();
    const running = startDeploy(['sleep', '60'], {
      spawn: deploy.spawn,
      clock,
      sleep: clock.sleep,
      output: () => {},
      signal: interrupt.signal,
      killGraceMs: 3000,
    });
    const startedAt = clock.now();
    interrupt.abort();
    const outcome = await running.finished;
    expect(deploy.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(clock.now() - startedAt).toBe(3000);
    expect(outcome).toMatchObject({ exit: { kind: 'signaled', signal: 'SIGKILL' }, interrupted: true });
  });

  it('sends SIGKILL to the group after the grace period even when the command itself obeyed SIGTERM', async () => {
    const clock = createFakeClock();
    const deploy = createFakeDeploy();
    // the command exits on SIGTERM; a grandchild it started ignores SIGTERM and stays in the group
    deploy.leftBehind = true;
    const interrupt = new AbortController();
    const running = startDeploy(['./deploy.sh'], {
      spawn: deploy.spawn,
      clock,
      sleep: clock.sleep,
      output: () => {},
      signal: interrupt.signal,
      killGraceMs: 2000,
    });
    interrupt.abort();
    const outcome = await running.finished;
    expect(outcome).toMatchObject({ exit: { kind: 'signaled', signal: 'SIGTERM' }, interrupted: true });
    await running.release();
    expect(deploy.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(deploy.leftBehind).toBe(false);
    expect(deploy.outputClosed).toBe(true);
  });

  it('on release, ends what a finished command left behind and closes the pipes it still holds', async () => {
    const clock = createFakeClock();
    const deploy = createFakeDeploy();
    deploy.leftBehind = true;
    // the background child goes quietly on SIGTERM
    deploy.onSignal = () => {
      deploy.leftBehind = false;
    };
    let output = '';
    const running = startDeploy(['./deploy.sh'], {
      spawn: deploy.spawn,
      clock,
      sleep: clock.sleep,
      output: (text) => {
        output += text;
      },
    });
    deploy.finish({ kind: 'exited', code: 0 });
    expect(await running.finished).toMatchObject({ exit: { kind: 'exited', code: 0 }, interrupted: false });
    // still streaming what the background child writes until the gate is decided
    deploy.stdout.write('background says hi\n');
    await tick();
    expect(output).toBe('deploy| background says hi\n');
    expect(deploy.outputClosed).toBe(false);
    const before = clock.now();
    await running.release();
    expect(deploy.signals).toEqual(['SIGTERM']);
    expect(deploy.outputClosed).toBe(true);
    // it ended at the first look after SIGTERM, long before the grace period
    expect(clock.now() - before).toBeLessThan(1000);
  });

  it('writes a line without newlines in bounded pieces as it arrives', async () => {
    const clock = createFakeClock();
    const deploy = createFakeDeploy();
    const writes: string[] = [];
    const running = startDeploy(['./progress.sh'], {
      spawn: deploy.spawn,
      clock,
      sleep: clock.sleep,
      output: (text) => writes.push(text),
    });
    const chunk = '#'.repeat(MAX_PENDING_LINE / 2);
    for (let index = 0; index < 5; index += 1) deploy.stdout.write(chunk);
    await tick();
    // 2.5 lines' worth: two full pieces written already, half a piece pending
    expect(writes.join('')).toBe(`deploy| ${chunk}${chunk}\n`.repeat(2));
    deploy.finish({ kind: 'exited', code: 0 });
    await running.finished;
    expect(writes.join('').split('\n')).toEqual([
      `deploy| ${chunk}${chunk}`,
      `deploy| ${chunk}${chunk}`,
      `deploy| ${chunk}`,
      '',
    ]);
    await running.release();
  });
});
