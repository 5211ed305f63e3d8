import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { diagnoseSlowResponse } from './slow-response.js';

describe('diagnoseSlowResponse', () => {
  it('total above max latency -> slow, naming where the time went', () => {
    const ctx = buildContext(
      { status: 200, ttfbMs: 1180, totalMs: 1240 },
      { origin: 'web1', expect: { maxLatencyMs: 800 } },
    );
    const diagnosis = diagnoseSlowResponse(ctx);
    expect(diagnosis?.verdict).toBe('slow');
    expect(diagnosis?.summary).toBe(
      'shop.example.com on web1 took 1.2 s, limit 800 ms; most of it in waiting for the first byte (the app or its upstream)',
    );
    expect(diagnosis?.evidence[0]).toBe('total 1.2 s > max 800 ms');
  });

  it.each([
    ['within the limit', { status: 200, totalMs: 120 }, { maxLatencyMs: 800 }],
    ['no limit configured', { status: 200, totalMs: 12_000 }, {}],
  ])('stays silent %s', (_, response, expectations) => {
    expect(
      diagnoseSlowResponse(buildContext(response, { origin: 'web1', expect: expectations })),
    ).toBeUndefined();
  });
});
