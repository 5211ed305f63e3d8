import { describe, expect, it } from 'vitest';
import { auditInventory, certificateNameCovers } from './audit-inventory.js';
import { inventoryFromText } from './inventory-from-text.test-helper.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const validity = (notAfter: string) => ({ notBefore: '2025-01-01T00:00:00.000Z', notAfter });

describe('auditInventory', () => {
  it('flags a socket shared by several servers with no default_server, once per socket', () => {
    const inventory = inventoryFromText(`http {
      server { listen 80; server_name a.example.com; }
      server { listen 80; server_name b.example.com; }
      server { listen 127.0.0.1:8080 default_server; server_name c.example.com; }
      server { listen 127.0.0.1:8080; server_name d.example.com; }
      server { listen 8081; server_name e.example.com; }
    }`);
    expect(auditInventory(inventory, NOW)).toEqual([
      {
        code: 'no_default_server',
        file: '/etc/nginx/nginx.conf',
        line: 2,
        message:
          '*:80 is shared by 2 server blocks and none is default_server: unknown hostnames get the first one (/etc/nginx/nginx.conf:2)',
      },
    ]);
  });

  it('flags TLS names the certificate does not cover, and expired, expiring and unreadable certificates', () => {
    const inventory = inventoryFromText(
      `http {
      server { listen 443 ssl default_server; server_name shop.example.com www.shop.example.com api.other.net;
               ssl_certificate /c/shop.pem; }
      server { listen 443 ssl; server_name .blog.example.com; ssl_certificate /c/blog.pem; }
      server { listen 443 ssl; server_name old.example.com; ssl_certificate /c/old.pem; }
      server { listen 443 ssl; server_name gone.example.com; ssl_certificate /c/gone.pem; }
      server { listen 80; server_name plain.example.com; ssl_certificate /c/unused.pem; }
    }`,
      {
        '/c/shop.pem': {
          names: ['shop.example.com', '*.shop.example.com'],
          ...validity('2026-03-15T00:00:00.000Z'),
        },
        '/c/blog.pem': { names: ['blog.example.com'], ...validity('2026-03-22T00:00:00.000Z') },
        '/c/old.pem': { names: ['old.example.com'], ...validity('2026-02-28T00:00:00.000Z') },
      },
    );
    expect(auditInventory(inventory, NOW).map((warning) => `${warning.code}: ${warning.message}`)).toEqual([
      'certificate_mismatch: api.other.net is served with TLS but its certificate (/c/shop.pem) does not cover it',
      'certificate_expiring: /c/shop.pem expires in 14 days (2026-03-15T00:00:00.000Z)',
      'certificate_expired: /c/old.pem expired on 2026-02-28T00:00:00.000Z',
      'certificate_unreadable: cannot inspect /c/gone.pem: ENOENT',
    ]);
  });
});

describe('auditInventory: shared sockets', () => {
  const messages = (text: string, certificates = {}) =>
    auditInventory(inventoryFromText(text, certificates), NOW).map((w) => `${w.code}: ${w.message}`);

  it('names the block that wins a conflicting server name, as nginx -t warns, and ignores regexes', () => {
    expect(
      messages(`http {
      server { listen 80 default_server; server_name a.test *.b.test ~^r$; }
      server { listen 80; server_name A.test .b.test ~^r$; }
      server { listen 127.0.0.1:80; server_name a.test; }
    }`),
    ).toEqual([
      'conflicting_server_name: conflicting server name "a.test" on *:80: nginx ignores it in /etc/nginx/nginx.conf:3; /etc/nginx/nginx.conf:2 answers it',
      'conflicting_server_name: conflicting server name ".b.test" on *:80: nginx ignores it in /etc/nginx/nginx.conf:3; /etc/nginx/nginx.conf:2 answers it',
    ]);
  });

  it('says nginx refuses two default servers on one socket', () => {
    expect(
      messages(`http {
      server { listen 80 default_server; }
      server { listen 0.0.0.0:80 default; }
    }`),
    ).toEqual([
      'duplicate_default_server: a duplicate default server for *:80 in /etc/nginx/nginx.conf:3 (/etc/nginx/nginx.conf:2 is default_server already): nginx -t refuses this configuration',
    ]);
  });

  it('says nginx refuses socket options (backlog, reuseport, ...) on two listens of one address:port', () => {
    expect(
      messages(`http {
        server { listen 80 default_server reuseport backlog=4096; server_name a.test; }
        server { listen 0.0.0.0:80 backlog=511; server_name b.test; }
        server { listen 80 ssl http2; server_name c.test; }
        server { listen 81 reuseport; server_name d.test; }
        server { listen 127.0.0.1:81 reuseport; server_name e.test; }
      }`).filter((message) => message.startsWith('duplicate_listen_options')),
    ).toEqual([
      'duplicate_listen_options: duplicate listen options for *:80 at /etc/nginx/nginx.conf:3 (/etc/nginx/nginx.conf:2 sets them already: backlog, reuseport, ipv6only and the like go on one listen per address:port): nginx -t refuses this configuration',
    ]);
  });

  it('says when listens of one socket disagree on ssl: every block gets TLS', () => {
    expect(
      messages(`http {
      server { listen 8443 ssl default_server; server_name a.test; }
      server { listen 8443; server_name b.test; }
    }`),
    ).toEqual([
      'listen_options_differ: *:8443: "ssl" is on the listen at /etc/nginx/nginx.conf:2 but not at /etc/nginx/nginx.conf:3; nginx serves every block on *:8443 with TLS',
    ]);
  });

  it('gives stream servers and UDP listens no default-server warning', () => {
    expect(
      messages(`stream {
      server { listen 5432; proxy_pass a:5432; }
      server { listen 5433 udp; proxy_pass b:5433; }
    }
    http { server { listen 443 quic; server_name a.test; } server { listen 443 quic; server_name b.test; } }`),
    ).toEqual([]);
  });

  it('says an IPv4 listen on the port of a dual-stack [::] socket (ipv6only=off) cannot be bound, in http or stream', () => {
    expect(
      messages(`http {
        server { listen [::]:80 ipv6only=off; server_name a.test; }
        server { listen 80; server_name b.test; }
        server { listen [::]:443 ssl; listen 443 ssl; server_name c.test; }
      }
      stream { server { listen 127.0.0.1:80; proxy_pass 10.0.0.1:80; } server { listen 80 udp; proxy_pass 10.0.0.1:80; } }`),
    ).toEqual([
      'dual_stack_overlap: *:80 overlaps [::]:80 with ipv6only=off (/etc/nginx/nginx.conf:2), which holds IPv4 port 80 too: nginx cannot bind both and does not start',
      'dual_stack_overlap: 127.0.0.1:80 overlaps [::]:80 with ipv6only=off (/etc/nginx/nginx.conf:2), which holds IPv4 port 80 too: nginx cannot bind both and does not start',
    ]);
  });

  it('flags a server_name that swallowed the next directive, and names with "/", once per directive', () => {
    expect(
      messages(`http {
      server { listen 80 default_server;
        server_name shop.example.com
        listen 8080;
      }
      server { listen 81; server_name shop.example.com/path; }
    }`),
    ).toEqual([
      'suspicious_server_name: "listen" looks like the next directive: is the ";" after "shop.example.com" missing? (/etc/nginx/nginx.conf:3)',
      'suspicious_server_name: server name "shop.example.com/path" has suspicious symbols, as nginx warns',
    ]);
  });

  it('flags any swallowed directive, not only the usual next ones, and keeps names with "_" real', () => {
    const text = `http {
      server { listen 80 default_server; server_name a.test
        ssl_stapling on; }
      server { listen 80; server_name b.test
        autoindex on; }
      server { listen 80; server_name my_app.internal my_app; }
    }`;
    expect(messages(text)).toEqual([
      // nginx hashes the swallowed words as names too, so "on" clashes as it would in nginx -t.
      'conflicting_server_name: conflicting server name "on" on *:80: nginx ignores it in /etc/nginx/nginx.conf:4; /etc/nginx/nginx.conf:2 answers it',
      'suspicious_server_name: "ssl_stapling" looks like the next directive: is the ";" after "a.test" missing? (/etc/nginx/nginx.conf:2)',
      'suspicious_server_name: "autoindex" looks like the next directive: is the ";" after "b.test" missing? (/etc/nginx/nginx.conf:4)',
    ]);
  });
});

describe('auditInventory: certificates', () => {
  const messages = (text: string, certificates = {}) =>
    auditInventory(inventoryFromText(text, certificates), NOW).map((w) => `${w.code}: ${w.message}`);
  const valid = validity('2027-01-01T00:00:00.000Z');

  it('checks a $ssl_server_name certificate once per exact name, each for its own name', () => {
    expect(
      messages(
        `http { server { listen 443 ssl; server_name a.test b.test *.c.test;
          ssl_certificate /c/$ssl_server_name.pem; } }`,
        {
          '/c/a.test.pem': { names: ['a.test'], ...valid },
          '/c/b.test.pem': { names: ['a.test'], ...valid },
        },
      ),
    ).toEqual([
      'certificate_mismatch: b.test is served with TLS but its certificate (/c/b.test.pem) does not cover it',
    ]);
  });

  it('does not warn about a certificate path built from other variables', () => {
    expect(
      messages('http { server { listen 443 ssl; server_name a.test; ssl_certificate /c/$map.pem; } }'),
    ).toEqual([]);
  });

  it('takes an http-level certificate only for blocks served over TLS', () => {
    const inventory = inventoryFromText(`http { ssl_certificate /c/all.pem;
      server { listen 80; server_name plain.test; }
      server { listen 443 ssl; server_name tls.test; }
    }`);
    expect(inventory.servers.map((server) => server.certificates.map((c) => c.path))).toEqual([
      [],
      ['/c/all.pem'],
    ]);
  });

  it('checks the certificate of a block served over QUIC only, which QUIC presents in its own TLS', () => {
    expect(
      messages(`http { server { listen 443 quic; server_name h3.test; ssl_certificate /c/h3.pem; } }`, {
        '/c/h3.pem': { names: ['other.test'], ...valid },
      }),
    ).toEqual([
      'certificate_mismatch: h3.test is served with TLS but its certificate (/c/h3.pem) does not cover it',
    ]);
  });

  it('checks no certificate of a block that rejects every handshake', () => {
    expect(
      messages(
        'http { server { listen 443 ssl default_server; ssl_reject_handshake on; server_name x.test; } }',
      ),
    ).toEqual([]);
  });
});

describe('certificateNameCovers', () => {
  it.each([
    ['shop.example.com', 'SHOP.example.com', true],
    ['*.example.com', 'www.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
  ])('%s covers %s: %s', (name, hostname, expected) => {
    expect(certificateNameCovers(name, hostname)).toBe(expected);
  });
});
