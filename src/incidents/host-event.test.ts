import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deployMarkSchema } from './deploy-mark.js';
import {
  HOST_EVENT_LIMITS,
  HOST_EVENT_TYPES,
  type HostEvent,
  hostEventBatchSchema,
  hostEventSchema,
} from './host-event.js';

const DOC = readFileSync(new URL('../../docs/agent.md', import.meta.url), 'utf8');
const examples = [...DOC.matchAll(/```json\n([\s\S]*?)```/g)].map(
  (m) => JSON.parse(m[1] ?? '') as Record<string, unknown>,
);
const eventExamples = examples.filter((e) => typeof e.type === 'string');

function example(type: string): HostEvent {
  return hostEventSchema.parse(eventExamples.find((e) => e.type === type));
}

describe('docs/agent.md', () => {
  it('shows one valid example of every event type, and lists each in its table', () => {
    expect(eventExamples.map((e) => e.type).sort()).toEqual([...HOST_EVENT_TYPES].sort());
    for (const event of eventExamples) {
      const checked = hostEventSchema.safeParse(event);
      expect(checked.success ? 'valid' : `${event.type}: ${checked.error.message}`).toBe('valid');
    }
    const rows = DOC.split('\n').filter((line) => line.startsWith('| `'));
    for (const type of HOST_EVENT_TYPES) {
      expect(rows.some((row) => row.split('|')[1]?.includes(`\`${type}\``))).toBe(true);
    }
  });

  it('shows a valid deploy mark', () => {
    const marks = examples.filter((e) => e.type === undefined);
    expect(marks).toHaveLength(1);
    expect(deployMarkSchema.safeParse(marks[0]).success).toBe(true);
  });
});

describe('hostEventSchema', () => {
  it('refuses an unknown type, an unknown field and a sequence that is not a positive integer', () => {
    const base = example('socket_disappeared');
    expect(hostEventSchema.safeParse({ ...base, type: 'listener_stolen' }).success).toBe(false);
    expect(hostEventSchema.safeParse({ ...base, cmdline: ['openvpn', '--secret', 'x'] }).success).toBe(false);
    expect(hostEventSchema.safeParse({ ...base, sequence: 0 }).success).toBe(false);
    expect(hostEventSchema.safeParse({ ...base, sequence: 1.5 }).success).toBe(false);
    expect(hostEventSchema.safeParse({ ...base, observedAt: '23 Nov 2026' }).success).toBe(false);
  });

  it('holds events to their bounds', () => {
    const drift = example('config_drift_appeared');
    const diff = 'x'.repeat(HOST_EVENT_LIMITS.diffChars + 1);
    expect(hostEventSchema.safeParse({ ...drift, diff }).success).toBe(false);
    const failing = example('nginx_test_failing');
    const output = Array.from({ length: HOST_EVENT_LIMITS.outputLines + 1 }, () => 'nginx: [emerg] x');
    expect(hostEventSchema.safeParse({ ...failing, output }).success).toBe(false);
  });
});

describe('hostEventBatchSchema', () => {
  const first = example('package_changed');
  const second = example('service_restarted');

  it('takes events of one origin in increasing sequence', () => {
    expect(hostEventBatchSchema.safeParse({ events: [first, second] }).success).toBe(true);
  });

  it.each([
    ['empty', []],
    ['two origins', [first, { ...second, origin: 'web2' }]],
    ['a repeated sequence', [first, { ...second, sequence: first.sequence }]],
    ['sequences going down', [second, first]],
    ['more than 100 events', Array.from({ length: 101 }, (_, i) => ({ ...first, sequence: i + 1 }))],
  ])('refuses %s', (_name, events) => {
    expect(hostEventBatchSchema.safeParse({ events }).success).toBe(false);
  });
});
