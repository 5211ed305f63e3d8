import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeHostEvent } from './describe-host-event.js';
import { type HostEvent, hostEventSchema } from './host-event.js';

// The examples of docs/agent.md, one per event type (host-event.test.ts checks there is one of each).
const DOC = readFileSync(new URL('../../docs/agent.md', import.meta.url), 'utf8');
const examples = [...DOC.matchAll(/```json\n([\s\S]*?)```/g)]
  .map((m) => JSON.parse(m[1] ?? '') as { type?: string })
  .filter((e) => e.type !== undefined)
  .map((e) => hostEventSchema.parse(e));
const example = <K extends HostEvent['type']>(type: K) =>
  examples.find((e): e is Extract<HostEvent, { type: K }> => e.type === type) as Extract<
    HostEvent,
    { type: K }
  >;

describe('describeHostEvent', () => {
  it.each([
    ['agent_started', 'agent started on web1.example.com (first start)'],
    ['socket_returned', '80 is listening again, held by nginx (pid 3001, nginx.service)'],
    [
      'nginx_test_failing',
      'nginx -t fails: nginx: [emerg] unknown directive "servr" in /etc/nginx/conf.d/app.conf:2',
    ],
    ['nginx_test_recovered', 'nginx -t passes again'],
    [
      'config_drift_appeared',
      '/etc/nginx/nginx.conf drifted from the baseline accepted 2026-11-02T10:15:00.000Z (1 changed)',
    ],
    ['config_drift_cleared', '/etc/nginx/nginx.conf matches its baseline again (files restored)'],
    ['events_dropped', '120 events dropped while the spool was full (sequences 1795414230011-1795414230130)'],
  ] as const)('%s', (type, line) => {
    expect(describeHostEvent(example(type))).toBe(line);
  });

  it('says what it could not read and that an unreadable holder is unknown, not guessed', () => {
    expect(describeHostEvent(example('could_not_read'))).toMatch(/^could not read: 443, 80: holder unknown/);
    const unknown = { ...example('socket_returned'), ownerKnown: false, current: [] };
    expect(describeHostEvent(unknown)).toBe('80 is listening again; its holder could not be read');
    const back = { ...example('listener_owner_changed'), verdict: 'ok' as const };
    expect(describeHostEvent(back)).toMatch(
      /^443 is held by openvpn \(pid 812, openvpn-server@edge\.service\) again/,
    );
  });

  it('words each package action and a removal without a new version', () => {
    const removed = {
      ...example('package_changed'),
      action: 'remove' as const,
      toVersion: undefined,
      actor: 'dpkg' as const,
    };
    const { toVersion: _gone, ...withoutTo } = removed;
    expect(describeHostEvent(withoutTo)).toBe(
      'nginx removed 1.22.1-9+deb12u11 by dpkg at 2026-11-23T06:11:00.000Z',
    );
  });
});
