import { describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { DEFAULT_CONCURRENCY, MAX_BURST, parseCheckArgs } from './parse-check-args.js';

function usageError(argv: string[]): FrontdoorError {
  try {
    parseCheckArgs(argv);
  } catch (error) {
    if (error instanceof FrontdoorError) return error;
    throw error;
  }
  throw new Error(`expected FD_ERR_USAGE for ${argv.join(' ')}`);
}

describe('parseCheckArgs', () => {
  it('applies defaults for a bare URL', () => {
    const args = parseCheckArgs(['https://shop.example.com/health']);
    expect(args.urls.map((url) => url.href)).toEqual(['https://shop.example.com/health']);
    expect(args).toMatchObject({
      help: false,
      resolve: {},
      burst: 1,
      expect: {},
      caFiles: [],
      insecure: false,
      follow: 0,
      allowInsecureRedirect: false,
      concurrency: DEFAULT_CONCURRENCY,
      catchAll: true,
      json: false,
      noColor: false,
    });
    expect(args.config).toBeUndefined();
    expect(args.connectTo).toBeUndefined();
    expect(args.timeoutMs).toBeUndefined();
  });

  it('reads every flag', () => {
    const args = parseCheckArgs([
      'https://a.test/',
      'http://b.test:8080/x',
      '-c',
      'frontdoor.yaml',
      '--site',
      'shop',
      '--connect-to',
      '[::1]:8443',
      '--resolve',
      'a.test:127.0.0.2',
      '--resolve',
      'b.test:[::1]',
      '--burst',
      '10',
      '--expect-status',
      '200,204',
      '--expect-status',
      '301',
      '--expect-body',
      'ok',
      '--expect-header',
      'X-Served-By: web1',
      '--expect-header',
      'cache-control:no-store',
      '--expect-version',
      '1.4.2',
      '--version-header',
      'X-Release',
      '--max-latency',
      '800ms',
      '--ca',
      'ca1.pem',
      '--ca',
      'ca2.pem',
      '--insecure',
      '--timeout',
      '2s',
      '--follow',
      '3',
      '--allow-insecure-redirect',
      '--concurrency',
      '4',
      '--no-catch-all',
      '--json',
      '--no-color',
    ]);
    expect(args.urls.map((url) => url.href)).toEqual(['https://a.test/', 'http://b.test:8080/x']);
    expect(args).toMatchObject({
      help: false,
      config: 'frontdoor.yaml',
      site: 'shop',
      connectTo: { host: '::1', port: 8443 },
      resolve: { 'a.test': '127.0.0.2', 'b.test': '::1' },
      burst: 10,
      expect: {
        status: [200, 204, 301],
        body: 'ok',
        headers: [
          { name: 'x-served-by', value: 'web1' },
          { name: 'cache-control', value: 'no-store' },
        ],
        version: '1.4.2',
        versionHeader: 'x-release',
        maxLatencyMs: 800,
      },
      caFiles: ['ca1.pem', 'ca2.pem'],
      insecure: true,
      timeoutMs: 2000,
      follow: 3,
      allowInsecureRedirect: true,
      concurrency: 4,
      catchAll: false,
      json: true,
      noColor: true,
    });
  });

  it('forces one HTTP version with --http1.1 or --http2, and refuses both at once', () => {
    expect(parseCheckArgs(['https://a.test/', '--http1.1']).request.http).toEqual(['h1']);
    expect(parseCheckArgs(['https://a.test/', '--http2']).request.http).toEqual(['h2']);
    expect(parseCheckArgs(['https://a.test/']).request.http).toBeUndefined();
    expect(usageError(['https://a.test/', '--http1.1', '--http2']).message).toContain(
      '--http1.1 and --http2 each force one version: give one of them',
    );
  });

  it('reads the request, body checks, certificate days, the body cap and -v', () => {
    const args = parseCheckArgs([
      'https://a.test/',
      '--method',
      'post',
      '--header',
      'Authorization: Bearer abc',
      '--header',
      'X-Probe:frontdoor',
      '--request-body',
      '{"ping":1}',
      '--expect-body-regex',
      '"status":\\s*"ok"',
      '--expect-json',
      '$.status=ok',
      '--expect-json',
      '$.checks[0].ok=true',
      '--expect-json',
      '$.name="3"',
      '--cert-min-days',
      '30',
      '--max-body',
      '4MiB',
      '-v',
    ]);
    expect(args.request).toEqual({
      method: 'POST',
      headers: { Authorization: 'Bearer abc', 'X-Probe': 'frontdoor' },
      body: '{"ping":1}',
    });
    expect(args.expect).toMatchObject({
      bodyPatterns: [{ shown: '"status":\\s*"ok"', source: '"status":\\s*"ok"', flags: '', must: 'match' }],
      certMinDays: 30,
    });
    expect(args.expect.json?.map((entry) => [entry.path, entry.value])).toEqual([
      ['$.status', 'ok'],
      ['$.checks[0].ok', true],
      ['$.name', '3'],
    ]);
    expect(args.maxBodyBytes).toBe(4 * 1_048_576);
    expect(args.verbose).toBe(true);
    expect(parseCheckArgs(['https://a.test/', '--max-body', '65536']).maxBodyBytes).toBe(65_536);
  });

  it('accepts a burst of up to MAX_BURST', () => {
    expect(parseCheckArgs(['https://a.test/', '--burst', String(MAX_BURST)]).burst).toBe(MAX_BURST);
  });

  it('accepts --config alone and the long form of -c', () => {
    expect(parseCheckArgs(['--config', 'f.yaml']).config).toBe('f.yaml');
    expect(parseCheckArgs(['-c', 'f.yaml']).urls).toEqual([]);
  });

  it('accepts --resolve with a bare IPv6 address and --follow 0', () => {
    const args = parseCheckArgs(['https://a.test/', '--resolve', 'a.test:::1', '--follow', '0']);
    expect(args.resolve).toEqual({ 'a.test': '::1' });
    expect(args.follow).toBe(0);
  });

  it('returns at once for --help and -h, without demanding targets', () => {
    expect(parseCheckArgs(['--help']).help).toBe(true);
    expect(parseCheckArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['https://a.test/', '--bogus'], '--bogus'],
    [['https://a.test/', '--burst'], '--burst'],
    [['https://a.test/', '--burst', '0'], '--burst'],
    [['https://a.test/', '--burst', '2.5'], '--burst'],
    [['https://a.test/', '--burst', 'ten'], '--burst'],
    [['https://a.test/', '--burst', '100000000'], '--burst: at most 1000'],
    [['https://a.test/', '--concurrency', '0'], '--concurrency'],
    [['https://a.test/', '--concurrency', '-3'], '--concurrency'],
    [['https://a.test/', '--follow', '-1'], '--follow'],
    [['https://a.test/', '--timeout', 'soon'], '--timeout'],
    [['https://a.test/', '--timeout', '0s'], '--timeout'],
    [['https://a.test/', '--timeout', '-5s'], "--timeout: '-5s' must be longer than zero"],
    [['https://a.test/', '--timeout', '10'], "--timeout: '10' has no unit: write 10s for seconds or 10ms"],
    [['https://a.test/', '--timeout', '25d'], "--timeout: '25d' is too long (at most 24 days, 24d)"],
    [['https://a.test/', '--max-latency', '800'], "--max-latency: '800' has no unit"],
    [['https://a.test/', '--connect-to', '10.0.0.1:0'], '--connect-to'],
    [['https://a.test/', '--max-latency', '5 parsecs'], '--max-latency'],
    [['https://a.test/', '--expect-status', '2000'], '--expect-status'],
    [['https://a.test/', '--expect-status', '200,abc'], '--expect-status'],
    [['https://a.test/', '--expect-status', '099'], '--expect-status'],
    [['https://a.test/', '--expect-header', 'no-colon'], '--expect-header'],
    [['https://a.test/', '--expect-header', ':value'], '--expect-header'],
    [['https://a.test/', '--expect-header', 'bad name:1'], '--expect-header'],
    [['https://a.test/', '--version-header', 'not a header'], '--version-header'],
    [['https://a.test/', '--expect-body', ''], '--expect-body'],
    [['https://a.test/', '--resolve', 'a.test'], '--resolve'],
    [['https://a.test/', '--resolve', 'a.test:not-an-ip'], '--resolve'],
    [['https://a.test/', '--resolve', ':127.0.0.1'], '--resolve'],
    [['https://a.test/', '--connect-to', '[::1'], '--connect-to'],
    [['https://a.test/', '--connect-to', '10.0.0.1:99999'], '--connect-to'],
    [['-c', 'f.yaml', '--connect-to', '10.0.0.1'], '--connect-to'],
    [['https://a.test/', '--site', 'shop'], '--site'],
    [['--json'], 'nothing to check'],
    [['https://a.test/', '--method', 'GE T'], '--method'],
    [['https://a.test/', '--header', 'no colon'], "--header: expected 'Name: value'"],
    [['https://a.test/', '--header', 'Host: b.test'], '--header: the Host header comes from the URL'],
    [
      ['https://a.test/', '--expect-body-regex', '(ok'],
      "--expect-body-regex: '(ok' is not a regular expression",
    ],
    [['https://a.test/', '--expect-json', '$.status'], '--expect-json: expected PATH=VALUE'],
    [
      ['https://a.test/', '--expect-json', 'status=ok'],
      "--expect-json: 'status' is not a supported JSON path",
    ],
    [['https://a.test/', '--cert-min-days', '-1'], '--cert-min-days'],
    [['https://a.test/', '--max-body', '1TB'], '--max-body: expected a size'],
    [['https://a.test/', '--max-body', '128MiB'], '--max-body: at most 64MiB'],
  ])('rejects %j with one FD_ERR_USAGE line naming %s', (argv, named) => {
    const error = usageError(argv);
    expect(error.code).toBe('FD_ERR_USAGE');
    expect(error.message).toContain(named);
    expect(error.message).not.toContain('\n');
  });

  it('keys --resolve hosts as URL hosts are matched: lower-case, punycode, no trailing dot', () => {
    const args = parseCheckArgs([
      'https://a.test/',
      '--resolve',
      'Shop.Test.:10.0.0.1',
      '--resolve',
      'Bücher.test:[::1]',
    ]);
    expect(args.resolve).toEqual({ 'shop.test': '10.0.0.1', 'xn--bcher-kva.test': '::1' });
    expect(usageError(['https://a.test/', '--resolve', 'bad host:10.0.0.1']).message).toContain('--resolve');
  });

  it('rejects an --expect-header value no header can carry, as the bytes would be written', () => {
    expect(usageError(['https://a.test/', '--expect-header', 'x-a:ok\u010d\u010ax-b: 1']).message).toBe(
      'frontdoor check: --expect-header: header value: U+010D (character 3) does not fit in one byte: header values are sent as ASCII or Latin-1, and this one would be cut to another byte',
    );
    expect(usageError(['https://a.test/', '--expect-header', 'x-a:1\r\nx-b: 2']).message).toMatch(
      /^frontdoor check: --expect-header: header value: U\+000D \(character 2\) is a control character/,
    );
  });

  it('refuses port 0 in a URL', () => {
    const error = usageError(['https://a.test:0/health']);
    expect(error.code).toBe('FD_ERR_INVALID_URL');
    expect(error.message).toBe(
      'frontdoor check: port 0 in "https://a.test:0/health" is not a port a server listens on (1-65535)',
    );
  });

  it('rejects a malformed URL with its own code, naming the input', () => {
    const error = usageError(['ftp://a.test/']);
    expect(error.code).toBe('FD_ERR_INVALID_URL');
    expect(error.message).toContain('ftp://a.test/');
    expect(error.message).not.toContain('\n');
  });
});
