import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { diagnoseClientCertificateRequired } from './client-certificate-required.js';

const NGINX_496 =
  '<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';

describe('diagnoseClientCertificateRequired', () => {
  it("names nginx's 400 'No required SSL certificate was sent' after a CertificateRequest, at the tls layer", () => {
    const diagnosis = diagnoseClientCertificateRequired(
      buildContext({
        status: 400,
        statusText: 'Bad Request',
        body: NGINX_496,
        clientCertificateRequested: true,
      }),
    );
    expect(diagnosis).toMatchObject({ verdict: 'tls_client_certificate_required', layer: 'tls' });
    expect(diagnosis?.summary).toContain('10.0.0.11:443 requires a client certificate');
    expect(diagnosis?.evidence).toEqual([
      'the server sent a CertificateRequest in the TLS handshake (SNI shop.example.com); the probe presents no certificate',
      "answered 400 Bad Request ('400 No required SSL certificate was sent')",
    ]);
  });

  it('takes the statuses 495 and 496 themselves', () => {
    const ctx = buildContext({ status: 496, statusText: '', clientCertificateRequested: true });
    expect(diagnoseClientCertificateRequired(ctx)?.verdict).toBe('tls_client_certificate_required');
  });

  it.each([
    ['no CertificateRequest was sent', { status: 400, body: NGINX_496 }],
    [
      'the server only asked (optional verification) and served',
      { status: 200, clientCertificateRequested: true },
    ],
    ['another 400', { status: 400, body: 'Bad Request', clientCertificateRequested: true }],
    ['a 403 from the app', { status: 403, body: 'forbidden', clientCertificateRequested: true }],
  ])('stays silent when %s', (_, spec) => {
    expect(diagnoseClientCertificateRequired(buildContext(spec))).toBeUndefined();
  });
});
