// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are configuration text holding ${VAR} references
import { describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { expandText } from './expand-variables.js';
import { parseConfig } from './parse-config.js';

const ENV = { TOKEN: 's3cr3t', WEB1: '10.0.0.11', EMPTY: '' };

function parse(text: string, env: Record<string, string> = ENV) {
  return parseConfig(text, 'frontdoor.yaml', { cwd: '/srv/fd', env });
}

function failureOf(text: string, env: Record<string, string> = ENV): string {
  try {
    parse(text, env);
  } catch (error) {
    expect(error).toBeInstanceOf(FrontdoorError);
    expect((error as FrontdoorError).code).toBe('FD_ERR_CONFIG_SCHEMA');
    return (error as Error).message;
  }
  throw new Error('expected parseConfig to fail');
}

describe('expandText', () => {
  it.each([
    ['no reference', 'plain', 'plain'],
    ['one reference', 'Bearer ${TOKEN}', 'Bearer s3cr3t'],
    ['two references', '${WEB1}:${TOKEN}', '10.0.0.11:s3cr3t'],
    ['an empty variable', 'a${EMPTY}b', 'ab'],
    ['an escaped reference', 'literal $${TOKEN}', 'literal ${TOKEN}'],
    ['a lone dollar', 'cost: $5 and $TOKEN', 'cost: $5 and $TOKEN'],
  ])('%s', (_, text, expanded) => {
    expect(expandText(text, ENV)).toEqual({ ok: true, value: expanded });
  });

  it('names an unset variable and a malformed reference', () => {
    expect(expandText('x ${NOPE}', ENV)).toMatchObject({ ok: false, index: 2, token: '${NOPE}' });
    expect(expandText('x ${NOT-A-NAME}', ENV)).toMatchObject({ ok: false, index: 2, token: '${NOT-A-NAME}' });
    expect(expandText('x ${', ENV)).toMatchObject({ ok: false, index: 2, token: '${' });
  });
});

describe('parseConfig: ${VAR} from the environment', () => {
  it('expands every string value: addresses, URLs, header values, expectations', () => {
    const config = parse(
      [
        'origins:',
        '  web1: ${WEB1}',
        'sites:',
        '  shop:',
        '    url: https://shop.example.com/health',
        '    origins: [web1]',
        '    headers: { Authorization: "Bearer ${TOKEN}" }',
        '    expect: { body: "token=$${TOKEN}" }',
        '',
      ].join('\n'),
    );
    expect(config.origins.web1).toEqual({ name: 'web1', host: '10.0.0.11' });
    expect(config.sites.shop?.headers).toEqual({ Authorization: 'Bearer s3cr3t' });
    expect(config.sites.shop?.expect.body).toBe('token=${TOKEN}');
  });

  it('expands a value once where an alias reuses it', () => {
    const config = parse(
      [
        'x-auth: &auth { Authorization: "Bearer ${TOKEN}" }',
        'sites:',
        '  a: { url: "https://a.example/", headers: *auth }',
        '  b: { url: "https://b.example/", headers: *auth }',
        '',
      ].join('\n'),
    );
    expect(config.sites.a?.headers).toEqual({ Authorization: 'Bearer s3cr3t' });
    expect(config.sites.b?.headers).toEqual({ Authorization: 'Bearer s3cr3t' });
  });

  it('reports an unset variable at its own line and column, with the key path', () => {
    const text = [
      'sites:',
      '  shop:',
      '    url: https://shop.example.com/health',
      '    headers: { Authorization: "Bearer ${PD_ROUTING_KEY}" }',
      '',
    ].join('\n');
    expect(failureOf(text)).toBe(
      'frontdoor.yaml:4:39: sites.shop.headers.Authorization: environment variable PD_ROUTING_KEY is not set (referenced as ${PD_ROUTING_KEY}; write $${ for a literal ${)',
    );
  });

  it('reports a reference in a list item and a malformed one', () => {
    expect(
      failureOf('sites:\n  shop:\n    url: https://a.example/\n    aliases: [a.example, "${ALIAS}"]\n'),
    ).toMatch(/^frontdoor\.yaml:4:27: sites\.shop\.aliases\[1\]: environment variable ALIAS is not set/);
    expect(failureOf('sites:\n  shop:\n    url: https://a.example/${1X}\n')).toMatch(
      /^frontdoor\.yaml:3:28: sites\.shop\.url: '\$\{1X\}' is not a variable reference/,
    );
  });

  it('treats every reference as unset without an environment', () => {
    expect(() => parseConfig('origins: { web1: "${WEB1}" }\n', 'f.yaml', { cwd: '/' })).toThrow(
      'environment variable WEB1 is not set',
    );
  });

  it('stops a value that would grow past its limit at the reference that crosses it', () => {
    expect(expandText('${TOKEN}-${TOKEN}', ENV, 10)).toMatchObject({
      ok: false,
      index: 9,
      token: '${TOKEN}',
    });
    expect(expandText('${TOKEN}-${TOKEN}', ENV, 13)).toEqual({ ok: true, value: 's3cr3t-s3cr3t' });
    expect(expandText('${TOKEN} and more', ENV, 13)).toMatchObject({ ok: false, index: 17, token: '' });
  });

  it('refuses references that expand the whole configuration past 16 MiB, once, where it is crossed', () => {
    // 100 kB referenced 200 times is 20 MB: over the limit in the 168th reference, at its line and column.
    const env = { BIG: 'x'.repeat(100_000) };
    const lines = ['sites:', '  shop:', '    url: https://shop.example.com/', '    headers:'];
    for (let index = 0; index < 200; index += 1) lines.push(`      x-h${index}: "\${BIG}"`);
    const message = failureOf(`${lines.join('\n')}\n`, env);
    expect(message).toBe(
      'frontdoor.yaml:172:16: sites.shop.headers.x-h167: environment variables expand the configuration past 16 MiB (here at ${BIG}), the limit for a frontdoor configuration',
    );
  });

  it('leaves keys alone (resolve keys are only lower-cased, as hostnames are)', () => {
    const config = parse('resolve:\n  "${TOKEN}.example": 10.0.0.1\n');
    expect(Object.keys(config.resolve)).toEqual(['${token}.example']);
  });
});

describe("parseConfig: ${VAR} in the watch's sections of a shared file", () => {
  const SHARED = [
    'sites:',
    '  shop: { url: "https://shop.example.com/health", headers: { Authorization: "Bearer ${TOKEN}" } }',
    'alerts:',
    '  channels:',
    '    oncall: { type: pagerduty, routing_key: "${PD_ROUTING_KEY}" }',
    '',
  ].join('\n');

  it('lets check (and the agent) read it without the pager key it never uses', () => {
    const config = parse(SHARED);
    expect(config.sites.shop?.headers).toEqual({ Authorization: 'Bearer s3cr3t' });
  });

  it('still demands the variables of the sections check reads', () => {
    expect(failureOf(SHARED, { PD_ROUTING_KEY: 'pd' })).toMatch(
      /^frontdoor\.yaml:2:85: sites\.shop\.headers\.Authorization: environment variable TOKEN is not set/,
    );
  });

  it('demands the pager key when the watch reads the file', () => {
    expect(() =>
      parseConfig(SHARED, 'frontdoor.yaml', { cwd: '/srv/fd', env: ENV, reader: 'serve' }),
    ).toThrow(
      /^frontdoor\.yaml:5:46: alerts\.channels\.oncall\.routing_key: environment variable PD_ROUTING_KEY/,
    );
  });

  it('demands it when the section defines an anchor that a read section may use', () => {
    const anchored = [
      'alerts:',
      '  channels:',
      '    hook: &hook { type: webhook, url: "${HOOK_URL}" }',
      'sites:',
      '  shop: { url: "https://shop.example.com/health" }',
      '',
    ].join('\n');
    expect(failureOf(anchored)).toMatch(
      /alerts\.channels\.hook\.url: environment variable HOOK_URL is not set/,
    );
  });
});
