import { describe, expect, it } from 'vitest';
import { expandTargets } from './expand-targets.js';
import { parseConfig } from './parse-config.js';

function parse(text: string) {
  return parseConfig(text, 'frontdoor.yaml', { cwd: '/srv/fd' });
}

function failureOf(text: string): string {
  try {
    parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected parseConfig to fail');
}

const SITE =
  'origins: { web1: 10.0.0.11 }\nsites:\n  api:\n    url: https://api.example.com/health\n    origins: [web1]\n';

describe('sites: request, body checks, certificate days and no edge', () => {
  it('reads request_body (posting it when no method is named), body_regex, json and cert_min_days', () => {
    const config = parse(
      `${SITE}    request_body: '{"ping":1}'\n    headers: { Content-Type: application/json }\n    expect:\n      body_regex: '"status":\\s*"ok"'\n      json: { "$.status": ok, "$.checks[0].ok": true, "$.count": 3 }\n      cert_min_days: 21\n`,
    );
    expect(config.sites.api?.expect).toEqual({
      bodyRegex: '"status":\\s*"ok"',
      json: { '$.status': 'ok', '$.checks[0].ok': true, '$.count': 3 },
      certMinDays: 21,
    });
    const [target] = expandTargets(config);
    expect(target).toMatchObject({
      method: 'POST',
      body: '{"ping":1}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(target?.expect.json).toEqual([
      { path: '$.status', steps: [{ key: 'status' }], value: 'ok' },
      { path: '$.checks[0].ok', steps: [{ key: 'checks' }, { index: 0 }, { key: 'ok' }], value: true },
      { path: '$.count', steps: [{ key: 'count' }], value: 3 },
    ]);
    expect(target?.expect.certMinDays).toBe(21);
    expect(target?.expect.bodyPatterns).toEqual([
      { shown: '"status":\\s*"ok"', source: '"status":\\s*"ok"', flags: '', must: 'match' },
    ]);
  });

  it('keeps a named method with a body', () => {
    const [target] = expandTargets(parse(`${SITE}    method: put\n    request_body: x\n`));
    expect(target).toMatchObject({ method: 'PUT', body: 'x' });
  });

  it('probes only the origins of a site with edge: false', () => {
    const config = parse(`${SITE}    aliases: [api.internal]\n    edge: false\n`);
    expect(expandTargets(config).map((target) => target.name)).toEqual([
      'api.example.com via web1',
      'api.internal via web1',
    ]);
  });

  it.each([
    [
      'a site with edge: false and no origins',
      'sites:\n  api:\n    url: https://api.example.com/\n    edge: false\n',
      'frontdoor.yaml:4:11: sites.api.edge: a site without an edge is probed on its origins only: list them under origins',
    ],
    [
      'edge that is not a boolean',
      `${SITE}    edge: no-cdn\n`,
      'frontdoor.yaml:6:11: sites.api.edge: expected true or false',
    ],
    [
      'a regular expression that does not compile',
      `${SITE}    expect: { body_regex: "(ok" }\n`,
      "frontdoor.yaml:6:27: sites.api.expect.body_regex: '(ok' is not a regular expression",
    ],
    [
      'a JSON path outside the subset',
      `${SITE}    expect:\n      json: { "$..status": ok }\n`,
      'frontdoor.yaml:7:15: sites.api.expect.json["$..status"]: \'$..status\' is not a supported JSON path',
    ],
    [
      'negative certificate days',
      `${SITE}    expect: { cert_min_days: -1 }\n`,
      'frontdoor.yaml:6:30: sites.api.expect.cert_min_days: expected 0 or more days',
    ],
    [
      'a request body that is not a string',
      `${SITE}    request_body: { a: 1 }\n`,
      'frontdoor.yaml:6:19: sites.api.request_body: expected the request body as a string',
    ],
  ])('refuses %s at its position', (_, text, message) => {
    expect(failureOf(text)).toContain(message);
  });
});
