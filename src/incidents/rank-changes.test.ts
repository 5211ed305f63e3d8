import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Change } from './change.js';
import { incident000Changes } from './fixtures/incident-000-events.js';
import { type HostEvent, type HostEventFacts, hostEventSchema } from './host-event.js';
import { toDeployChange, toHostChange } from './make-change.js';
import { CHANGE_WEIGHTS, LINK_BONUS, rankChanges, timingFactor, weightOf } from './rank-changes.js';

/** Incident 000's changes on web1, as its agent reported them. */
function web1Changes(): Change[] {
  return incident000Changes().flatMap(([, input]) =>
    input.type === 'host_events' && input.origin === 'web1' ? input.events.map(toHostChange) : [],
  );
}

let sequence = 1;
function change(facts: HostEventFacts, observedAt: string, origin = 'web1'): Change {
  return toHostChange(
    hostEventSchema.parse({ ...facts, origin, sequence: sequence++, observedAt }) as HostEvent,
  );
}

const START = Date.parse('2026-11-23T06:12:00.000Z');
const everyOrigin = () => true;
const headlines = (changes: Change[]) =>
  rankChanges(changes, START, everyOrigin).causes.map((c) => c.headline);

const php = change(
  {
    type: 'package_changed',
    package: 'php8.2-fpm',
    action: 'upgrade',
    fromVersion: '8.2.20-1',
    toVersion: '8.2.24-1',
    loggedAt: '2026-11-23T04:42:00.000Z',
    source: 'apt',
    actor: 'apt',
    commandline: 'apt-get upgrade',
    frontDoor: 'php-fpm owns the application socket behind nginx; a failed reload leaves the old pool',
  },
  '2026-11-23T04:42:30.000Z',
);
const oldDrift = change(
  {
    type: 'config_drift_appeared',
    config: '/etc/nginx/nginx.conf',
    sha256: 'aa',
    baseline: { sha256: 'bb', acceptedAt: '2026-11-02T10:15:00.000Z' },
    changed: ['/etc/nginx/conf.d/app.conf'],
    added: [],
    removed: [],
    diff: '-a\n+b\n',
    diffTruncated: false,
  },
  '2026-11-23T04:32:00.000Z',
);
const lateDrift = change(
  {
    type: 'config_drift_appeared',
    config: '/etc/nginx/nginx.conf',
    sha256: 'cc',
    baseline: { sha256: 'bb', acceptedAt: '2026-11-02T10:15:00.000Z' },
    changed: ['/etc/nginx/sites-enabled/default'],
    added: [],
    removed: [],
    diff: '-listen 443;\n+listen 8443;\n',
    diffTruncated: false,
  },
  '2026-11-23T06:52:00.000Z',
);
const backToNginx = change(
  {
    type: 'listener_owner_changed',
    listener: '443',
    expectedOwner: 'nginx',
    sockets: ['[::]:443'],
    previous: [{ pid: 812, name: 'openvpn' }],
    current: [{ pid: 3001, name: 'nginx' }],
    verdict: 'ok',
  },
  '2026-11-23T06:20:00.000Z',
);

describe('rankChanges on incident 000', () => {
  it('names the upgrade, the restart it caused and the door taken, in one line', () => {
    const { causes, scores } = rankChanges(web1Changes(), START, everyOrigin);
    expect(causes.map((cause) => cause.headline)).toEqual([
      'nginx restarted by unattended-upgrades 06:11:04, then :443 held by openvpn pid 812',
      'nginx restarted by unattended-upgrades 06:11:04, then nothing listens on :80',
      'tailscale removed by dpkg 05:58:00',
    ]);
    const [first] = causes;
    expect(
      first?.changes.map(
        (key) =>
          web1Changes()
            .find((c) => c.key === key)
            ?.line.split(' ')[0],
      ),
    ).toEqual(['nginx', 'nginx', '443']);
    expect(first?.score).toBe(10 + 2 * 2);
    // Context is on the timeline but never a cause.
    const started = web1Changes().find((c) => c.kind === 'host' && c.event.type === 'agent_started');
    expect(scores.get(started?.key ?? '')).toBe(0);
  });

  it('says the same when the agent saw no restart (one check spanned it): the upgrade, then the door', () => {
    const withoutRestart = web1Changes().filter(
      (c) => !(c.kind === 'host' && c.event.type === 'service_restarted'),
    );
    expect(headlines(withoutRestart)[0]).toBe(
      'nginx upgraded by unattended-upgrades 06:11:00, then :443 held by openvpn pid 812',
    );
  });

  it('keeps the 000 chain first among distractors: an old php upgrade and drift, a later drift, a recovery', () => {
    const all = [...web1Changes(), php, oldDrift, lateDrift, backToNginx];
    const ranked = rankChanges(all, START, everyOrigin);
    expect(ranked.causes[0]?.headline).toBe(
      'nginx restarted by unattended-upgrades 06:11:04, then :443 held by openvpn pid 812',
    );
    expect(ranked.scores.get(backToNginx.key)).toBe(0);
    // 90 minutes before fades a front-door package below a change minutes before; a change 40 minutes
    // after the start is more likely a repair than the cause.
    expect(ranked.scores.get(php.key)).toBeLessThan(2);
    expect(ranked.scores.get(oldDrift.key)).toBeLessThan(3);
    expect(ranked.scores.get(lateDrift.key)).toBeCloseTo(1.2);
  });

  it('ranks a distractor alone for what it is, and nothing at all from context only', () => {
    expect(headlines([php, oldDrift])).toEqual([
      '/etc/nginx/nginx.conf drifted from its baseline 04:32:00',
      'php8.2-fpm upgraded by apt 04:42:00',
    ]);
    expect(headlines([backToNginx])).toEqual([]);
  });
});

describe('rankChanges on the lab’s sequence', () => {
  it('links a socket let go and taken by another process to the upgrade before it', () => {
    const upgradeAt = '2026-11-23T09:55:00.000Z';
    const changes = [
      change(
        {
          type: 'package_changed',
          package: 'nginx',
          action: 'upgrade',
          fromVersion: '1',
          toVersion: '2',
          loggedAt: upgradeAt,
          source: 'apt',
          actor: 'unattended-upgrades',
        },
        '2026-11-23T09:59:00.000Z',
        'lab',
      ),
      change(
        {
          type: 'socket_disappeared',
          listener: '127.0.0.9:8443',
          expectedOwner: 'nginx',
          previous: [{ pid: 100, name: 'nginx' }],
        },
        '2026-11-23T10:00:00.000Z',
        'lab',
      ),
      change(
        {
          type: 'socket_returned',
          listener: '127.0.0.9:8443',
          expectedOwner: 'nginx',
          sockets: ['127.0.0.9:8443'],
          current: [{ pid: 4242, name: 'node' }],
          ownerKnown: true,
          verdict: 'wrong_listener',
        },
        '2026-11-23T10:00:01.000Z',
        'lab',
      ),
    ];
    const { causes } = rankChanges(changes, Date.parse('2026-11-23T10:00:05.000Z'), everyOrigin);
    expect(causes[0]).toMatchObject({
      headline: 'nginx upgraded by unattended-upgrades 09:55:00, then 127.0.0.9:8443 held by node pid 4242',
      score: 14,
    });
    expect(causes).toHaveLength(1);
    expect(
      rankChanges(changes.slice(1), Date.parse('2026-11-23T10:00:05.000Z'), everyOrigin).causes[0]?.headline,
    ).toBe('nginx pid 100 let go of 127.0.0.9:8443 10:00:00, then 127.0.0.9:8443 held by node pid 4242');
  });
});

describe('the scoring', () => {
  it.each([
    [0, 1],
    [10 * 60_000, 1],
    [65 * 60_000, 0.625],
    [120 * 60_000, 0.25],
    [-9 * 60_000, 1],
    [-11 * 60_000, 0.2],
  ])('a change %d ms before the start counts %f', (before, factor) => {
    expect(timingFactor(START - before, START)).toBeCloseTo(factor);
  });

  it('weighs a deploy by its gate, and not at all when it touched none of the incident’s origins', () => {
    const mark = {
      result: 'failed' as const,
      reasons: [],
      mode: 'during' as const,
      startedAt: '2026-11-23T06:00:00.000Z',
      endedAt: '2026-11-23T06:01:00.000Z',
      interrupted: false,
      origins: ['web1'],
      targetCount: 1,
      failedCount: 1,
      targets: [],
      targetsTruncated: false,
    };
    expect(weightOf(toDeployChange('1', mark), true)).toBe(7);
    expect(weightOf(toDeployChange('1', { ...mark, result: 'passed' }), true)).toBe(3);
    expect(weightOf(toDeployChange('1', mark), false)).toBe(0);
    expect(headlines([toDeployChange('1', { ...mark, version: '3f2c1ab' })])).toEqual([
      'deploy 3f2c1ab failed its gate 06:01:00',
    ]);
  });
});

describe('docs/watch.md', () => {
  it('shows the weights the code uses, and the link bonus', () => {
    const doc = readFileSync(new URL('../../docs/watch.md', import.meta.url), 'utf8');
    const section = doc.slice(
      doc.indexOf('### Changes and the likely cause'),
      doc.indexOf('## Notifications'),
    );
    const documented = [...section.matchAll(/^\| .+? \| (\d+) \|/gm)].map((match) => Number(match[1]));
    expect(documented.sort((a, b) => a - b)).toEqual(
      [...Object.values(CHANGE_WEIGHTS), 0].sort((a, b) => a - b),
    );
    expect(section).toContain(`plus ${LINK_BONUS} for each change that explains it`);
  });
});
