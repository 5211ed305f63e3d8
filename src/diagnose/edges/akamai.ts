import { formatStatus, readHeader } from '../response-facts.js';
import type { EdgeAnswer, EdgeRecogniser } from './edge-answer.js';

// Akamai's edge error pages carry "Reference #18.c6a50517.1514639126.176b29a" and server: AkamaiGHost.
// "Access Denied ... You don't have permission to access" (403) is a security-policy denial; 502/503/504
// pages ("An error occurred while processing your request.", "The proxy server did not receive a timely
// response from the upstream server.") mean the edge could not get an answer from the origin.
// The four-part dotted reference is distinctive enough on its own; the header is often stripped. The raw
// page writes it with character references ("Reference&#32;&#35;18&#46;c6a50517..."), so decode first.
const REFERENCE = /Reference #(\d+\.[0-9a-f]+\.\d+\.[0-9a-f]+)/i;

const ORIGIN_STATUSES: Record<number, string> = {
  502: 'the edge received an invalid answer from the origin or could not connect to it',
  503: 'the edge could not get an answer from the origin (connection or TLS to the origin failed)',
  504: 'the origin did not answer the edge in time',
};

export const recogniseAkamai: EdgeRecogniser = (http): EdgeAnswer | undefined => {
  const text = http.body.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  const reference = REFERENCE.exec(text);
  const ghost = readHeader(http, 'server') === 'AkamaiGHost';
  if (reference === null) return undefined;
  const evidence = [`answered ${formatStatus(http)}`];
  if (ghost) evidence.push('server: AkamaiGHost');
  evidence.push(`page carries 'Reference #${reference[1]}'`);
  const next = "translate the reference with Akamai's Error Translator, then probe the origins directly";
  if (http.status === 403 && /Access Denied/i.test(text)) {
    return {
      edge: 'Akamai',
      kind: 'blocked',
      code: '403',
      meaning: 'a security policy at the edge denied the request (WAF, bot or reputation rule)',
      next: "translate the reference with Akamai's Error Translator to see the rule that matched",
      evidence,
    };
  }
  const meaning = ORIGIN_STATUSES[http.status];
  if (meaning === undefined) return undefined;
  return { edge: 'Akamai', kind: 'origin_unreachable', code: String(http.status), meaning, next, evidence };
};
