import type { HttpObservation } from '../../probe/observation.js';
import type { ServerFingerprint, StockPage } from './server-fingerprint.js';

// nginx's built-in pages end in "<hr><center>nginx/1.22.1</center>" (or just "nginx" with
// server_tokens off; OpenResty writes its own name). The packaged 50x.html signs "Faithfully yours, nginx."
const SIGNATURE = /<hr>\s*<center>(nginx|openresty)(\/[\d.]+)?<\/center>/i;
const HEADING = /<center><h1>(\d{3}) ([^<]+)<\/h1><\/center>/i;
const PACKAGED_50X = /Faithfully yours, nginx\./;

const REASONS: Record<number, string> = {
  500: 'nginx failed to hand the request on (upstream socket, pool or its own configuration)',
  502: 'its upstream refused or reset the connection, or sent an invalid answer',
  503: 'no upstream server is available (or a limit rejected the request)',
  504: 'its upstream did not answer in time',
};

function matchErrorPage(http: HttpObservation): StockPage | undefined {
  const signature = SIGNATURE.exec(http.body);
  const heading = HEADING.exec(http.body);
  const reason = REASONS[http.status];
  if (signature !== null && heading !== null) {
    return {
      server: 'nginx',
      evidence: `body is nginx's stock ${heading[1]} page ('<h1>${heading[1]} ${heading[2]}</h1>', '<center>${signature[1]}${signature[2] ?? ''}</center>')`,
      ...(reason === undefined ? {} : { reason }),
    };
  }
  if (PACKAGED_50X.test(http.body)) {
    return {
      server: 'nginx',
      evidence: "body is nginx's packaged 50x.html ('An error occurred.' ... 'Faithfully yours, nginx.')",
      ...(reason === undefined ? {} : { reason }),
    };
  }
  return undefined;
}

function matchDefaultPage(http: HttpObservation): StockPage | undefined {
  if (!/<title>Welcome to nginx!<\/title>/i.test(http.body)) return undefined;
  return { server: 'nginx', evidence: "body is nginx's stock default page ('Welcome to nginx!')" };
}

export const nginxFingerprint: ServerFingerprint = { server: 'nginx', matchErrorPage, matchDefaultPage };
