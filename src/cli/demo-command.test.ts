import { describe, expect, it } from 'vitest';
import { buildAlerts } from '../config/alerts-config.js';
import type { CheckReport, TargetResult } from '../diagnose/target-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import { FrontdoorError } from '../errors.js';
import type { RunningScenario, Scenario, ScenarioTool } from '../lab/scenarios/scenario.js';
import { captureIo } from './capture-io.test-helper.js';
import { createDemoCommand, type DemoDependencies } from './demo-command.js';

function result(target: string, verdict: Verdict): TargetResult {
  return {
    id: `${target}@edge`,
    target,
    url: 'https://a.test/',
    connectTo: null,
    verdict,
    layer: verdict === 'ok' ? '-' : 'proxy',
    summary: `${target} is ${verdict}`,
    evidence: [],
    status: 200,
    timings: { dns: 0, connect: 0, tls: 0, ttfb: 0, total: 1 },
    hostname: 'a.test',
    via: 'edge',
  } as TargetResult;
}

interface FakeScenario extends Scenario {
  log: string[];
}

function fakeScenario(
  name: string,
  tools: ScenarioTool[],
  expected: Verdict,
  options: { incident?: string } = {},
) {
  const log: string[] = [];
  const scenario: FakeScenario = {
    name,
    ...(options.incident === undefined ? {} : { incident: options.incident }),
    description: `${name} description`,
    broken: `${name} broke`,
    tools,
    burst: 1,
    concurrency: 4,
    log,
    async start(): Promise<RunningScenario> {
      log.push('start');
      return {
        config: {
          source: name,
          environments: {},
          origins: {},
          resolve: {},
          sites: {},
          ca: [],
          alerts: buildAlerts(undefined),
          maintenance: [],
        },
        caPath: undefined,
        expect: () => ({ verdicts: { [`${name} via edge`]: expected }, findings: [] }),
        notes: [`${name} note`],
        stop: async () => {
          log.push('stop');
        },
      };
    },
  };
  return scenario;
}

function deps(
  scenarios: Scenario[],
  options: { installed?: ScenarioTool[]; served?: Verdict; failCheck?: boolean } = {},
): DemoDependencies & { checks: Array<{ burst: number; concurrency: number }> } {
  const checks: Array<{ burst: number; concurrency: number }> = [];
  const installed = options.installed ?? ['nginx', 'php-fpm', 'haproxy', 'openssl'];
  return {
    scenarios,
    defaults: scenarios.filter((scenario) => scenario.incident !== undefined),
    findTool: (tool) => (installed.includes(tool) ? `/usr/sbin/${tool}` : undefined),
    async check(running, checkOptions): Promise<CheckReport> {
      checks.push(checkOptions);
      if (options.failCheck) throw new FrontdoorError('FD_ERR_LAB', 'nginx exited with exit code 1');
      const name = running.config.source;
      const verdict = options.served ?? 'ok';
      return { ok: verdict === 'ok', results: [result(`${name} via edge`, verdict)], findings: [] };
    },
    onInterrupt: () => () => undefined,
    checks,
  };
}

describe('frontdoor demo', () => {
  const incident = () => fakeScenario('000-a', ['openssl'], 'ok', { incident: '000' });
  const other = () => fakeScenario('other', ['nginx'], 'ok');

  it('runs the incidents when no scenario is named, printing what broke, the table and a match', async () => {
    const a = incident();
    const b = other();
    const io = captureIo();
    const status = await createDemoCommand(deps([a, b]))([], io);
    expect(status).toBe(0);
    expect(io.out()).toContain('== 000-a (incident 000): 000-a description');
    expect(io.out()).toContain('what was broken: 000-a broke');
    expect(io.out()).toContain('lab: 000-a note');
    expect(io.out()).toMatch(/^ok\s+-/m);
    expect(io.out()).toContain('diagnosis: correct');
    expect(a.log).toEqual(['start', 'stop']);
    expect(b.log).toEqual([]);
  });

  it('says nothing was broken for a control scenario, and names what was broken otherwise', async () => {
    const healthy = captureIo();
    await createDemoCommand(deps([incident()]))([], healthy);
    expect(healthy.out()).toContain(
      'diagnosis: correct, every target ok and no finding: nothing was broken and nothing was blamed',
    );
    expect(healthy.out()).not.toContain('it names what was broken');

    const broken = captureIo();
    const failing = fakeScenario('000-b', ['openssl'], 'app_error', { incident: '000' });
    expect(await createDemoCommand(deps([failing], { served: 'app_error' }))([], broken)).toBe(0);
    expect(broken.out()).toContain('diagnosis: correct, it names what was broken');
  });

  it('exits 1 and lists the differences when the diagnosis does not match', async () => {
    const io = captureIo();
    const status = await createDemoCommand(deps([incident()], { served: 'app_error' }))([], io);
    expect(status).toBe(1);
    expect(io.out()).toContain('000-a via edge: expected ok, got app_error');
  });

  it('stops the scenario even when the check fails, and reports the lab error', async () => {
    const a = incident();
    const io = captureIo();
    const status = await createDemoCommand(deps([a], { failCheck: true }))(['000-a'], io);
    expect(status).toBe(1);
    expect(a.log).toEqual(['start', 'stop']);
    expect(io.out()).toContain('could not bring the lab up: nginx exited with exit code 1');
  });

  it('says how to install missing programs and still runs the scenarios that need none of them', async () => {
    const a = incident();
    const b = other();
    const io = captureIo();
    const status = await createDemoCommand(deps([a, b], { installed: ['openssl'] }))(['000-a', 'other'], io);
    expect(status).toBe(0);
    expect(io.err()).toContain('nginx is not installed; install with: sudo apt-get install nginx');
    expect(io.err()).toContain('skipping other (needs nginx)');
    expect(a.log).toEqual(['start', 'stop']);
    expect(b.log).toEqual([]);
  });

  it('exits 1 when nothing could run', async () => {
    const io = captureIo();
    const status = await createDemoCommand(deps([other()], { installed: [] }))(['other'], io);
    expect(status).toBe(1);
    expect(io.err()).toContain('no scenario could run');
  });

  it('lists every scenario with its tools, marking the missing ones', async () => {
    const io = captureIo();
    const status = await createDemoCommand(deps([incident(), other()], { installed: ['openssl'] }))(
      ['--list'],
      io,
    );
    expect(status).toBe(0);
    expect(io.out()).toContain('000-a  000-a description [incident 000]; needs openssl');
    expect(io.out()).toContain('other  other description; needs nginx (missing: nginx)');
    expect(io.out()).toContain('sudo apt-get install nginx');
  });

  it('rejects an unknown scenario in one line naming the known ones', async () => {
    const run = createDemoCommand(deps([incident(), other()]))(['nope'], captureIo());
    await expect(run).rejects.toThrow("frontdoor demo: unknown scenario 'nope' (known: 000-a, other)");
  });

  it.each(['0', 'ten', '1.5', '101'])('rejects --burst %s', async (value) => {
    const run = createDemoCommand(deps([incident()]))(['--burst', value], captureIo());
    await expect(run).rejects.toThrow('--burst');
  });

  it('passes --burst and the scenario concurrency to the check', async () => {
    const d = deps([incident()]);
    await createDemoCommand(d)(['--burst', '10'], captureIo());
    expect(d.checks).toEqual([{ burst: 10, concurrency: 4 }]);
  });

  it('stops the lab and exits 130 when interrupted during the check, running no further scenario', async () => {
    const a = incident();
    const b = fakeScenario('001-b', ['openssl'], 'ok', { incident: '001' });
    const d = deps([a, b]);
    let teardown: (() => Promise<void>) | undefined;
    d.onInterrupt = (handler) => {
      teardown = handler;
      return () => {
        teardown = undefined;
      };
    };
    const check = d.check;
    d.check = async (running, options) => {
      await teardown?.();
      return check(running, options);
    };
    const io = captureIo();
    expect(await createDemoCommand(d)([], io)).toBe(130);
    expect(a.log).toEqual(['start', 'stop', 'stop']);
    expect(b.log).toEqual([]);
    expect(io.err()).toContain('interrupted; tearing the lab down');
    expect(io.out()).toBe('');
    expect(teardown).toBeUndefined();
  });

  it('prints one JSON document with each outcome and its report', async () => {
    const io = captureIo();
    const status = await createDemoCommand(deps([incident()]))(['--json'], io);
    expect(status).toBe(0);
    const document = JSON.parse(io.out());
    expect(document.ok).toBe(true);
    expect(document.skipped).toEqual([]);
    expect(document.scenarios[0]).toMatchObject({
      name: '000-a',
      incident: '000',
      matched: true,
      mismatches: [],
    });
    expect(document.scenarios[0].report.results[0].verdict).toBe('ok');
  });
});

describe('frontdoor demo --watch', () => {
  const incident = () => fakeScenario('000-a', ['openssl'], 'ok', { incident: '000' });
  const other = () => fakeScenario('other', ['nginx'], 'ok');

  it('hands the named scenario (or healthy) to the watch and returns its status', async () => {
    const healthy = fakeScenario('healthy', ['openssl'], 'ok');
    const seen: string[] = [];
    const d = {
      ...deps([incident(), healthy]),
      watchLab: async (scenario: { name: string }) => {
        seen.push(scenario.name);
        return 0;
      },
    };
    expect(await createDemoCommand(d)(['--watch'], captureIo())).toBe(0);
    expect(await createDemoCommand(d)(['--watch', '000-a'], captureIo())).toBe(0);
    expect(seen).toEqual(['healthy', '000-a']);
  });

  it('says what to install instead of starting a lab that cannot run', async () => {
    const io = captureIo();
    const d = { ...deps([other()], { installed: [] }), watchLab: async () => 0 };
    expect(await createDemoCommand(d)(['--watch', 'other'], io)).toBe(1);
    expect(io.err()).toContain('sudo apt-get install nginx');
  });

  it('refuses two scenarios', async () => {
    const d = { ...deps([incident(), other()]), watchLab: async () => 0 };
    await expect(createDemoCommand(d)(['--watch', '000-a', 'other'], captureIo())).rejects.toThrow(
      'name at most one scenario',
    );
  });
});
