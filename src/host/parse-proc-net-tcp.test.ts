import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProcNetTcp } from './parse-proc-net-tcp.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures/proc/net', name), 'utf8');

describe('parseProcNetTcp', () => {
  it('keeps only LISTEN (0A) rows of /proc/net/tcp and decodes little-endian IPv4', () => {
    expect(parseProcNetTcp(fixture('tcp'), 'ipv4')).toEqual([
      { kind: 'tcp', family: 'ipv4', address: '0.0.0.0', port: 80, inode: 1001 },
      { kind: 'tcp', family: 'ipv4', address: '127.0.0.1', port: 8080, inode: 1002 },
      { kind: 'tcp', family: 'ipv4', address: '0.0.0.0', port: 2024, inode: 124 },
    ]);
  });

  it('decodes IPv6 as four byte-reversed 32-bit words, with v4-mapped and compressed forms', () => {
    expect(parseProcNetTcp(fixture('tcp6'), 'ipv6')).toEqual([
      { kind: 'tcp', family: 'ipv6', address: '::', port: 443, inode: 2001 },
      { kind: 'tcp', family: 'ipv6', address: '::1', port: 9000, inode: 2002 },
      { kind: 'tcp', family: 'ipv6', address: '::ffff:127.0.0.1', port: 8443, inode: 2003 },
      { kind: 'tcp', family: 'ipv6', address: '2001:db8::12', port: 8080, inode: 2005 },
    ]);
  });

  it('ignores the header, blank and malformed lines', () => {
    expect(parseProcNetTcp('  sl local\n\n   0: zz:0050 00000000:0000 0A a b c d 0 0 1\n', 'ipv4')).toEqual(
      [],
    );
  });
});
