import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PostJson, PostOutcome } from '../agent/post-json.js';
import type { BurstFn, ProbeFn } from '../check/run-check.js';
import { buildFailure, buildObservation } from '../diagnose/fixtures/build-observation.js';
import { FrontdoorError } from '../errors.js';
import type { Sleep } from '../gate/clock.js';
import { createFakeClock } from '../gate/fake-clock.test-helper.js';
import { createFakeDeploy } from '../gate/fake-deploy.test-helper.js';
import { deployMarkSchema } from '../incidents/deploy-mark.js';
import type { ProbeRequest } from '../probe/observation.js';
import { captureIo } from './capture-io.test-helper.js';
import { createVerifyCommand, type VerifyDependencies } from './verify-command.js';

const passing = (request: ProbeRequest) => buildObservation({ url: request.url, status: 200, body: 'ok\n' });
const refused = (request: ProbeRequest) =>
  buildObservation({ url: request.url, failure: buildFailure('connect', 'connect_refused', 'ECONNREFUSED') });

/** Dependencies with a fake clock (whose sleeps still yield), a fake deploy and scripted probes. */
function fakeDependencies(overrides: Partial<VerifyDependencies> = {}) {
  const clock = createFakeClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  const sleep: Sleep = async (ms, signal) => {
    await clock.sleep(ms, signal);
    await new Promise((resolve) => setImmediate(resolve));
  };
  const deploy = createFakeDeploy();
  const bursts: number[] = [];
  const burstFn: BurstFn = async (request, _options, size) => {
    bursts.push(size);
    return Array.from({ length: size }, () => passing(request));
  };
  const probeFn: ProbeFn = async (request) => passing(request);
  let interrupt: () => void = () => {};
  const deps: VerifyDependencies = {
    spawn: deploy.spawn,
    clock,
    sleep,
    onInterrupt: (handler) => {
      interrupt = handler;
      return () => {
        interrupt = () => {};
      };
    },
    probeFn,
    burstFn,
    ...overrides,
  };
  return { deps, deploy, bursts, interrupt: () => interrupt() };
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function workDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-verify-command-'));
  dirs.push(dir);
  return dir;
}

const URL_ARG = 'http://127.0.0.9:8080/health';

describe('verifyCommand', () => {
  it('prints its usage for --help', async () => {
    const io = captureIo();
    expect(await createVerifyCommand(fakeDependencies().deps)(['--help'], io)).toBe(0);
    expect(io.out()).toContain('usage: frontdoor verify');
    for (const flag of [
      '--within',
      '--during',
      '--allow-gap',
      '--interval',
      '--junit',
      '--summary',
      '--burst',
    ]) {
      expect(io.out()).toContain(flag);
    }
  });

  it('refuses an unwritable report path with FD_ERR_IO before probing anything', async () => {
    const { deps, bursts } = fakeDependencies();
    const io = captureIo({ cwd: await workDir() });
    const error = await createVerifyCommand(deps)([URL_ARG, '--junit', 'missing-dir/junit.xml'], io).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FrontdoorError);
    expect((error as FrontdoorError).code).toBe('FD_ERR_IO');
    expect((error as FrontdoorError).message).toBe(
      'frontdoor verify: cannot write missing-dir/junit.xml: no such file or directory (ENOENT)',
    );
    expect(bursts).toEqual([]);
    expect(io.out()).toBe('');
  });

  it('refuses a report path that is a directory', async () => {
    const dir = await workDir();
    const error = await createVerifyCommand(fakeDependencies().deps)(
      [URL_ARG, '--summary', '.'],
      captureIo({ cwd: dir }),
    ).catch((caught: unknown) => caught);
    expect((error as FrontdoorError).code).toBe('FD_ERR_IO');
  });

  it('passes a healthy burst of 10 and writes JUnit and Markdown without leaving temporary files', async () => {
    const { deps, bursts } = fakeDependencies();
    const dir = await workDir();
    const io = captureIo({ cwd: dir });
    const status = await createVerifyCommand(deps)(
      [URL_ARG, '--junit', 'junit.xml', '--summary', 'summary.md'],
      io,
    );
    expect(status).toBe(0);
    expect(bursts).toEqual([10]);
    expect(io.out()).toMatch(/^ok\s+-\s+200/m);
    expect(io.out()).toContain('gate: passed');
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'summary.md']);
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toContain('tests="1" failures="0"');
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('## ✅ frontdoor verify passed');
  });

  it('prints progress for --within on stderr and exits 1 when time runs out with failures', async () => {
    const { deps } = fakeDependencies({
      burstFn: async (request, _options, size) =>
        Array.from({ length: size }, (_, index) => (index === 0 ? refused(request) : passing(request))),
    });
    const io = captureIo();
    const status = await createVerifyCommand(deps)(
      [URL_ARG, '--within', '3s', '--interval', '1s', '--json'],
      io,
    );
    expect(status).toBe(1);
    const progress = io.err().trimEnd().split('\n');
    expect(progress).toHaveLength(3);
    expect(progress[0]).toBe(
      'frontdoor verify: round 1: 0/1 targets passing, 0 passed twice in a row (0 ms of 3 s)',
    );
    const report = JSON.parse(io.out());
    expect(report.ok).toBe(false);
    expect(report.results[0]).toMatchObject({ verdict: 'intermittent', burst: { size: 10, failed: 1 } });
    expect(report.gate).toMatchObject({ mode: 'within', rounds: 3, settled: false, withinMs: 3000 });
  });

  it('runs the deploy command, streams its output to stderr and keeps stdout pure JSON', async () => {
    const fake = fakeDependencies();
    let probes = 0;
    fake.deps.probeFn = async (request) => {
      probes += 1;
      if (probes === 1) fake.deploy.stdout.write('migrating\n');
      if (probes === 4) fake.deploy.finish({ kind: 'exited', code: 0 });
      return passing(request);
    };
    const io = captureIo();
    const status = await createVerifyCommand(fake.deps)(
      [URL_ARG, '--json', '--during', '--', './deploy.sh', 'v2'],
      io,
    );
    expect(status).toBe(0);
    expect(fake.deploy.started).toEqual([{ file: './deploy.sh', args: ['v2'] }]);
    expect(io.err()).toContain('deploy| migrating\n');
    const report = JSON.parse(io.out());
    expect(report.gate.deploy).toMatchObject({
      command: ['./deploy.sh', 'v2'],
      exitCode: 0,
      perTarget: [
        { id: `${URL_ARG}@dns`, target: URL_ARG, sent: 4, failed: 0, longestGapMs: 0, gapStartedAt: null },
      ],
    });
    // the same id as the final check's result, so the two can be joined
    expect(report.results[0].id).toBe(`${URL_ARG}@dns`);
  });

  it('stops the deploy on Ctrl-C and fails the gate without a final burst', async () => {
    const fake = fakeDependencies();
    let probes = 0;
    fake.deps.probeFn = async (request) => {
      probes += 1;
      if (probes === 2) fake.interrupt();
      return passing(request);
    };
    const io = captureIo();
    const status = await createVerifyCommand(fake.deps)([URL_ARG, '--during', '--', './deploy.sh'], io);
    expect(status).toBe(1);
    expect(fake.deploy.signals).toEqual(['SIGTERM']);
    expect(fake.bursts).toEqual([]);
    expect(io.err()).toContain('frontdoor verify: interrupted; stopping the deploy command and the probing');
    expect(io.out()).toContain('interrupted before the gate could finish');
  });

  describe('--report-to', () => {
    const WATCH = 'https://watch.example.com';
    const TOKEN = 'fdt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

    function recordingPost(outcome: PostOutcome) {
      const posts: { url: string; body: unknown; token: string; timeoutMs: number }[] = [];
      const post: PostJson = async (url, body, options) => {
        posts.push({
          url: url.href,
          body: JSON.parse(body),
          token: options.token,
          timeoutMs: options.timeoutMs,
        });
        return outcome;
      };
      return { post, posts };
    }

    const deployed = (request: ProbeRequest) =>
      buildObservation({ url: request.url, status: 200, body: 'ok\n', headers: { 'x-app-version': 'v2' } });

    it('posts the deploy mark with the version, the result and each target’s gap once the gate is decided', async () => {
      const fake = fakeDependencies();
      const { post, posts } = recordingPost({ ok: true, status: 201, body: '' });
      fake.deps.post = post;
      let probes = 0;
      fake.deps.probeFn = async (request) => {
        probes += 1;
        if (probes === 3) fake.deploy.finish({ kind: 'exited', code: 0 });
        return probes === 2 ? refused(request) : deployed(request);
      };
      fake.deps.burstFn = async (request, _options, size) =>
        Array.from({ length: size }, () => deployed(request));
      const io = captureIo({ env: { FRONTDOOR_TOKEN: TOKEN } });
      const argv = [URL_ARG, '--expect-version', 'v2', '--report-to', WATCH, '--during', '--', './deploy.sh'];
      const status = await createVerifyCommand(fake.deps)(argv, io);
      expect(status).toBe(1);
      expect(posts).toHaveLength(1);
      expect(posts[0]).toMatchObject({ url: `${WATCH}/api/v1/deploys`, token: TOKEN, timeoutMs: 10_000 });
      const mark = deployMarkSchema.parse(posts[0]?.body);
      expect(mark).toMatchObject({
        version: 'v2',
        result: 'failed',
        mode: 'during',
        interrupted: false,
        deploy: { exitCode: 0, signal: null },
        targetCount: 1,
        failedCount: 1,
        targets: [
          {
            id: `${URL_ARG}@dns`,
            target: URL_ARG,
            via: 'dns',
            verdict: 'ok',
            gap: { sent: 3, failed: 1, longestGapMs: 200 },
          },
        ],
      });
      expect(mark.reasons[0]).toContain('1 of 3 requests failed during the deploy');
      expect(Date.parse(mark.endedAt)).toBeGreaterThanOrEqual(Date.parse(mark.startedAt));
      expect(io.err()).toContain('frontdoor verify: deploy mark reported to https://watch.example.com (201)');
    });

    it('keeps the verdict when the watch cannot be reached or refuses the mark, and says so on stderr', async () => {
      for (const [outcome, warning] of [
        [
          { ok: false, code: 'timeout', detail: 'no complete answer within 10000 ms' },
          'timeout (no complete answer within 10000 ms)',
        ],
        [
          { ok: true, status: 403, body: 'scope deploy required\n' },
          'refused the deploy mark with 403: scope deploy required',
        ],
      ] as const) {
        const fake = fakeDependencies();
        fake.deps.post = recordingPost(outcome).post;
        const io = captureIo({ env: { FRONTDOOR_TOKEN: TOKEN } });
        expect(await createVerifyCommand(fake.deps)([URL_ARG, '--report-to', WATCH], io)).toBe(0);
        expect(io.err()).toContain(warning);
        expect(io.err()).toContain("the gate's verdict stands");
        expect(io.err()).not.toContain(TOKEN);
      }
    });

    it('refuses --report-to without a token before anything runs', async () => {
      const fake = fakeDependencies();
      const error = await createVerifyCommand(fake.deps)(
        [URL_ARG, '--report-to', WATCH, '--during', '--', './deploy.sh'],
        captureIo(),
      ).catch((caught: unknown) => caught);
      expect((error as FrontdoorError).code).toBe('FD_ERR_USAGE');
      expect((error as Error).message).toBe(
        'frontdoor verify: --report-to needs a token of scope deploy: --token-file FILE, FRONTDOOR_TOKEN or --token',
      );
      expect(fake.deploy.started).toEqual([]);
    });
  });
});
