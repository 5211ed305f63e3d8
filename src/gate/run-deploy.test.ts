import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.test-helper.js';
import { createFakeDeploy } from './fake-deploy.test-helper.js';
import { runDeploy } from './run-deploy.js';

describe('runDeploy', () => {
  it('streams both outputs with a prefix and reports the exit and duration', async () => {
    const clock = createFakeClock();
    const deploy = createFakeDeploy();
    let output = '';
    const running = runDeploy(['./deploy.sh', '--to', 'prod'], {
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
    await new Promise((resolve) => setImmediate(resolve));
    deploy.stdout.write('ing\nno newline at the end');
    clock.advance(1234);
    deploy.finish({ kind: 'exited', code: 3 });
    const outcome = await running;
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
  });

  it('stops the command with SIGTERM when interrupted, and SIGKILL if it ignores that', async () => {
    const clock = createFakeClock();
    const deploy = createFakeDeploy();
    deploy.onSignal = (signal) => {
      if (signal === 'SIGKILL') deploy.finish({ kind: 'signaled', signal });
    };
    const interrupt = new AbortController();
    const running = runDeploy(['sleep', '60'], {
      spawn: deploy.spawn,
      clock,
      sleep: clock.sleep,
      output: () => {},
      signal: interrupt.signal,
      killGraceMs: 3000,
    });
    interrupt.abort();
    const outcome = await running;
    expect(deploy.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(clock.sleeps).toEqual([3000]);
    expect(outcome).toMatchObject({ exit: { kind: 'signaled', signal: 'SIGKILL' }, interrupted: true });
  });
});
