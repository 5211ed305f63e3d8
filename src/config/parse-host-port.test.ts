import { describe, expect, it } from 'vitest';
import { parseHostPort, readHostPort } from './parse-host-port.js';

describe('parseHostPort', () => {
  it.each([
    ['10.0.0.1', { host: '10.0.0.1' }],
    ['10.0.0.1:8443', { host: '10.0.0.1', port: 8443 }],
    ['[::1]:443', { host: '::1', port: 443 }],
    ['[2001:db8::12]:8443', { host: '2001:db8::12', port: 8443 }],
    ['[::1]', { host: '::1' }],
    ['::1', { host: '::1' }],
    ['2001:db8::12', { host: '2001:db8::12' }],
    ['host:80', { host: 'host', port: 80 }],
    ['Web1.Example.COM', { host: 'web1.example.com' }],
    ['web-1.internal:65535', { host: 'web-1.internal', port: 65_535 }],
  ])('reads %j', (text, expected) => {
    expect(parseHostPort(text, 'origins.web1')).toEqual(expected);
  });

  it.each([
    ['10.0.0.999', "'10.0.0.999' is not an address[:port]"],
    ['10.0.0', "'10.0.0' is not an address[:port]"],
    ['', "'' is not an address[:port]"],
    ['host:', "'host:' is not an address[:port] (the port must be 1-65535)"],
    ['host:0', "'host:0' is not an address[:port] (the port must be 1-65535)"],
    ['host:65536', "'host:65536' is not an address[:port] (the port must be 1-65535)"],
    ['host:http', "'host:http' is not an address[:port] (the port must be 1-65535)"],
    [
      '2001:db8::12:8443:x',
      "'2001:db8::12:8443:x' is not an address[:port] (put an IPv6 address with a port in brackets: [2001:db8::1]:8443)",
    ],
    ['[web1]:443', "'[web1]:443' is not an address[:port] (only IPv6 addresses go in brackets)"],
    ['bad host', "'bad host' is not an address[:port]"],
    ['-web1', "'-web1' is not an address[:port]"],
  ])('refuses %j', (text, problem) => {
    expect(readHostPort(text)).toEqual({ ok: false, problem });
  });

  it('throws FD_ERR_USAGE prefixed with where', () => {
    expect(() => parseHostPort('10.0.0.999', 'frontdoor check: --connect-to')).toThrow(
      expect.objectContaining({
        code: 'FD_ERR_USAGE',
        message: "frontdoor check: --connect-to: '10.0.0.999' is not an address[:port]",
      }),
    );
  });
});
