import { describe, expect, it } from 'vitest';
import { readJsonPath } from '../config/json-path.js';
import type { Expectations, JsonExpectation } from '../config/target.js';
import { diagnose } from './diagnose.js';
import { findUnmetExpectations } from './expectations.js';
import { buildContext } from './fixtures/build-context.js';

function json(path: string, value: unknown): JsonExpectation {
  const read = readJsonPath(path);
  if (!read.ok) throw new Error(read.problem);
  return { path, steps: read.value, value };
}

const HEALTH = '{"status":"degraded","checks":[{"name":"db","ok":false}],"version":"2.4.1","count":3}';

function unmet(body: string, expect_: Partial<Expectations>) {
  const ctx = buildContext({ status: 200, body }, { origin: 'web1', expect: expect_ });
  if (ctx.observation.http === undefined) throw new Error('no http');
  return findUnmetExpectations(ctx.target, ctx.observation.http).map((item) => item.evidence);
}

describe('body expectations', () => {
  it('checks values at JSON paths and says what was expected and what was there', () => {
    expect(
      unmet(HEALTH, {
        json: [
          json('$.status', 'ok'),
          json('$.checks[0].ok', true),
          json('$.checks[1].name', 'cache'),
          json('$.count', 3),
          json('$.version', '2.4.1'),
        ],
      }),
    ).toEqual([
      'json $.status is "degraded", expected "ok"',
      'json $.checks[0].ok is false, expected true',
      'json $.checks[1].name is missing (the body has nothing at $.checks[1]), expected "cache"',
    ]);
  });

  it('says when the body is not JSON at all', () => {
    const [line] = unmet('<html>maintenance</html>', { json: [json('$.status', 'ok')] });
    expect(line).toMatch(/^body is not JSON \(.+\), expected \$\.status = "ok"$/);
  });

  it('makes a failing JSON check unexpected_content with the difference in the summary', () => {
    const ctx = buildContext(
      { status: 200, body: HEALTH },
      { origin: 'web1', expect: { json: [json('$.status', 'ok')] } },
    );
    const diagnosis = diagnose({ target: ctx.target, observations: [ctx.observation] });
    expect(diagnosis.verdict).toBe('unexpected_content');
    expect(diagnosis.summary).toContain('json $.status is "degraded", expected "ok"');
  });
});
