import { describeEndpoint, describePort, formatStatus, readTitle } from '../response-facts.js';
import type { Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';
import { describeClientCertificateRequired } from './transport-failure.js';

// nginx completes the handshake without a client certificate and refuses in HTTP: 400 with its pages for the
// internal statuses 496 ("No required SSL certificate was sent") and 495 ("The SSL certificate error").
const CERTIFICATE_PAGE = /No required SSL certificate was sent|The SSL certificate error/i;

/**
 * A server that asked for a client certificate in the handshake (a CertificateRequest) and then refused the
 * request for want of one: a TLS fact, whichever layer the refusal came back in. A CertificateRequest alone is
 * no failure (nginx's `ssl_verify_client optional` asks everyone), so the answer must say it is about the
 * certificate: nginx's own pages, or the statuses 495/496 when they escape as they are.
 */
export const diagnoseClientCertificateRequired: Rule = ({ observation }) => {
  const { tls, http } = observation;
  if (tls?.clientCertificateRequested !== true || http === undefined) return undefined;
  const certificateStatus = http.status === 495 || http.status === 496;
  if (!certificateStatus && !(http.status === 400 && CERTIFICATE_PAGE.test(http.body))) return undefined;
  const title = readTitle(http.body);
  return {
    verdict: 'tls_client_certificate_required',
    layer: VERDICT_LAYER.tls_client_certificate_required,
    summary: describeClientCertificateRequired(describeEndpoint(observation), describePort(observation)),
    evidence: [
      `the server sent a CertificateRequest in the TLS handshake (SNI ${tls.servername}); the probe presents no certificate`,
      `answered ${formatStatus(http)}${title === undefined ? '' : ` ('${title}')`}`,
    ],
  };
};
