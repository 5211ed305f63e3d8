import { randomBytes } from 'node:crypto';

/**
 * The answers a Cloudflare edge makes itself, worded as Cloudflare's own pages and documentation word them
 * (https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/).
 * The lab's edge emulator serves these so probes meet the same status codes, headers and texts as in production.
 */
export type EdgeErrorCode = 520 | 521 | 522 | 523 | 524 | 525 | 526 | 530;

/** Where Cloudflare's error page puts the blame: the row marked "Error" in its browser/Cloudflare/host diagram. */
type Blame = 'host' | 'cloudflare';

interface EdgeErrorText {
  title: string;
  whatHappened: string;
  whatCanIDo: string;
  blame: Blame;
}

export const EDGE_ERRORS: Readonly<Record<EdgeErrorCode, EdgeErrorText>> = {
  520: {
    title: 'Web server is returning an unknown error',
    whatHappened:
      'There is an unknown connection issue between Cloudflare and the origin web server. As a result, the web page can not be displayed.',
    whatCanIDo:
      'If you are the owner of this website: check the origin web server logs for an empty or invalid response.',
    blame: 'host',
  },
  521: {
    title: 'Web server is down',
    whatHappened:
      'The web server is not returning a connection. As a result, the web page is not displaying.',
    whatCanIDo:
      'If you are the owner of this website: contact your hosting provider letting them know your web server is not responding.',
    blame: 'host',
  },
  522: {
    title: 'Connection timed out',
    whatHappened:
      "The initial connection between Cloudflare's network and the origin web server timed out. As a result, the web page can not be displayed.",
    whatCanIDo:
      'If you are the owner of this website: contact your hosting provider letting them know your web server is not completing requests.',
    blame: 'host',
  },
  523: {
    title: 'Origin is unreachable',
    whatHappened: 'Cloudflare is unable to reach the origin web server.',
    whatCanIDo:
      "If you are the owner of this website: check your DNS settings and the origin's network reachability.",
    blame: 'host',
  },
  524: {
    title: 'A timeout occurred',
    whatHappened: 'The origin web server timed out responding to this request.',
    whatCanIDo:
      'If you are the owner of this website: the origin accepted the connection but did not answer in time.',
    blame: 'host',
  },
  525: {
    title: 'SSL handshake failed',
    whatHappened:
      'Cloudflare is unable to establish an SSL connection to the origin server. It appears that the SSL configuration used is not compatible with Cloudflare.',
    whatCanIDo:
      'If you are the owner of this website: check the SSL/TLS configuration of the origin web server.',
    blame: 'host',
  },
  526: {
    title: 'Invalid SSL certificate',
    whatHappened: 'The origin web server does not have a valid SSL certificate.',
    whatCanIDo:
      'If you are the owner of this website: install a certificate that is trusted, unexpired and covers the hostname on the origin.',
    blame: 'host',
  },
  530: {
    title: 'Origin DNS error',
    whatHappened:
      'Error 1016: Cloudflare could not resolve the origin for this hostname (DNS resolution error).',
    whatCanIDo:
      'If you are the owner of this website: check the DNS records that point Cloudflare at your origin.',
    blame: 'cloudflare',
  },
};

/** A Ray ID as Cloudflare writes it in `cf-ray`: 16 hex digits, a dash, the data centre's IATA code. */
export function createRayId(colo: string): string {
  return `${randomBytes(8).toString('hex')}-${colo}`;
}

/** Headers every edge-made answer carries. */
export function edgeHeaders(rayId: string, contentType = 'text/html; charset=UTF-8'): Record<string, string> {
  return {
    'content-type': contentType,
    server: 'cloudflare',
    'cf-ray': rayId,
    'cache-control': 'private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
    expires: 'Thu, 01 Jan 1970 00:00:01 GMT',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'SAMEORIGIN',
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function statusRow(label: string, place: string, failing: boolean): string {
  return `<div class="cf-column"><span class="cf-icon-${failing ? 'error' : 'ok'}"></span><span class="md:block w-full truncate">${escapeHtml(place)}</span><h3>${label}</h3><span class="cf-status ${failing ? 'text-red-error' : 'text-green-success'}">${failing ? 'Error' : 'Working'}</span></div>`;
}

/** Cloudflare's 5xx error page for `code`, naming the host and the Ray ID like the real one. */
export function renderEdgeErrorPage(code: EdgeErrorCode, hostname: string, rayId: string, now: Date): string {
  const text = EDGE_ERRORS[code];
  const host = escapeHtml(hostname);
  const colo = rayId.split('-')[1] ?? '';
  const stamp = now.toISOString().replace('T', ' ').slice(0, 19);
  return `<!DOCTYPE html>
<html class="no-js" lang="en-US">
<head>
<title>${host} | ${code}: ${text.title}</title>
<meta charset="UTF-8" />
<meta name="robots" content="noindex, nofollow" />
</head>
<body>
<div id="cf-wrapper">
<div id="cf-error-details" class="p-0">
<header>
<h1><span class="inline-block">${text.title}</span>
<span class="code-label">Error code ${code}</span></h1>
<div>Visit <a href="https://www.cloudflare.com/5xx-error-landing?utm_source=errorcode_${code}">cloudflare.com</a> for more information.</div>
<div class="mt-3">${stamp} UTC</div>
</header>
<div class="cf-error-source">
${statusRow('Browser', 'You', false)}
${statusRow('Cloudflare', colo, text.blame === 'cloudflare')}
${statusRow('Host', host, text.blame === 'host')}
</div>
<div class="cf-section cf-wrapper">
<h2>What happened?</h2>
<p>${escapeHtml(text.whatHappened)}</p>
<h2>What can I do?</h2>
<p>${escapeHtml(text.whatCanIDo)}</p>
</div>
<div class="cf-error-footer">
<p>Cloudflare Ray ID: <strong class="font-semibold">${escapeHtml(rayId.split('-')[0] ?? rayId)}</strong> &bull;
Performance &amp; security by <a rel="noopener noreferrer" href="https://www.cloudflare.com/5xx-error-landing" target="_blank">Cloudflare</a></p>
</div>
</div>
</div>
</body>
</html>
`;
}

/** Cloudflare's own bare 502/504 page (its edge failing, not the origin), in the nginx style it uses. */
export function renderEdgePlainPage(status: 502 | 504): string {
  const reason = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  return `<html>\n<head><title>${reason}</title></head>\n<body>\n<center><h1>${reason}</h1></center>\n<hr><center>cloudflare</center>\n</body>\n</html>\n`;
}

/** The WAF block page (error 1020, status 403): the request never reached the origin. */
export function renderBlockPage(hostname: string, rayId: string): string {
  const host = escapeHtml(hostname);
  return `<!DOCTYPE html>
<html class="no-js" lang="en-US">
<head><title>Attention Required! | Cloudflare</title><meta charset="UTF-8" /></head>
<body>
<div id="cf-wrapper">
<div id="cf-error-details" class="cf-error-details-wrapper">
<h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> ${host}</h2>
<h2 data-translate="blocked_why_headline">Why have I been blocked?</h2>
<p>This website is using a security service to protect itself from online attacks. The action you just performed triggered the security solution.</p>
<p>Error 1020: Access denied</p>
<p>Cloudflare Ray ID: <strong class="font-semibold">${escapeHtml(rayId.split('-')[0] ?? rayId)}</strong> &bull; Performance &amp; security by Cloudflare</p>
</div>
</div>
</body>
</html>
`;
}

/**
 * The firewall page (1020 and the other access-denied codes) in the redesigned style: the title names the
 * host and that it "used Cloudflare to restrict access"; the code sits in the heading's label.
 */
export function renderFirewallPage(hostname: string, rayId: string): string {
  const host = escapeHtml(hostname);
  return `<!DOCTYPE html>
<html class="no-js" lang="en-US">
<head><title>Access denied | ${host} used Cloudflare to restrict access</title><meta charset="UTF-8" /></head>
<body>
<div id="cf-wrapper">
<div id="cf-error-details" class="p-0">
<header class="mx-auto pt-10 lg:pt-6 lg:px-8 w-240 lg:w-full mb-8">
<h1 class="inline-block sm:block sm:mb-2 font-light text-60 lg:text-4xl text-black-dark leading-tight mr-2"><span class="inline-block">Access denied</span><span class="code-label">Error code 1020</span></h1>
<p>You do not have access to ${host}. The site owner may have set restrictions that prevent you from accessing the site.</p>
</header>
<p>Cloudflare Ray ID: <strong class="font-semibold">${escapeHtml(rayId.split('-')[0] ?? rayId)}</strong></p>
</div>
</div>
</body>
</html>
`;
}

/** The managed challenge interstitial ("Just a moment..."), served with cf-mitigated: challenge. */
export function renderChallengePage(hostname: string, rayId: string): string {
  const ray = escapeHtml(rayId.split('-')[0] ?? rayId);
  return `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta name="robots" content="noindex,nofollow"></head><body><div class="main-wrapper" role="main"><div class="main-content"><h1 class="zone-name-title h1">${escapeHtml(hostname)}</h1><noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript></div></div><script>(function(){window._cf_chl_opt={cvId: '3',cZone: "${escapeHtml(hostname)}",cType: 'managed',cRay: '${ray}'};var a=document.createElement('script');a.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=${ray}';document.getElementsByTagName('head')[0].appendChild(a);}());</script></body></html>`;
}
