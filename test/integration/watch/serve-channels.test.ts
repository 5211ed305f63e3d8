// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the configuration's ${VAR} references, verbatim
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  type AlertmanagerServer,
  findAlertmanager,
  startAlertmanager,
} from '../../../src/lab/alertmanager-server.js';
import { startHttpReceiver } from '../../../src/lab/http-receiver.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { startPagerDutyReceiver } from '../../../src/lab/pagerduty-receiver.js';
import { startSlackReceiver } from '../../../src/lab/slack-receiver.js';
import { signWebhook } from '../../../src/notify/webhook-channel.js';
import { generateToken, hashToken } from '../../../src/server/auth/token-hash.js';
import { startSmtpReceiver } from '../notify/smtp-receiver.js';
import {
  FAST_RETRY,
  FAST_WATCH,
  pollUntil,
  readOutbox,
  shopSite,
  startOriginApp,
  startServe,
} from './alerting-harness.js';
import { useServeSandbox } from './serve-sandbox.js';

const READ_TOKEN = generateToken();
const read = { authorization: `Bearer ${READ_TOKEN}` };

/** The secrets, each only in the environment: the configuration names them as ${VAR}. */
const SECRETS = {
  FD_TEST_PD_KEY: 'R0UT1NGkeyFromTheEnv0123456789ab',
  FD_TEST_SLACK_TOKEN: 'T0ENV0000/B0ENV0000/slackTokenFromTheEnv0',
  FD_TEST_SMTP_PASSWORD: 'sm7pPasswordFromTheEnv',
  FD_TEST_HOOK_TOKEN: 'hookBearerFromTheEnv0123',
  FD_TEST_HOOK_SECRET: 'hmacSecretFromTheEnv0123',
};

/** Everything a reader of serve's API could fetch about this incident, as text. */
async function readApi(url: string, incidentId: string): Promise<string> {
  const paths = [
    '/api/v1/status',
    '/api/v1/targets',
    '/api/v1/incidents?state=resolved',
    `/api/v1/incidents/${incidentId}`,
    `/api/v1/incidents/${incidentId}/writeup`,
    '/api/v1/deliveries',
    '/api/v1/maintenance',
    '/metrics',
    `/incidents/${incidentId}`,
  ];
  const texts: string[] = [];
  for (const path of paths) {
    const response = await fetch(`${url}${path}`, { headers: read });
    expect(response.status, path).toBe(200);
    texts.push(await response.text());
  }
  return texts.join('\n');
}

describe.skipIf(findAlertmanager() === undefined)('frontdoor serve: every channel type', () => {
  const sandbox = useServeSandbox('frontdoor-channels-');
  const { running, closers } = sandbox;
  let alertmanager: AlertmanagerServer | undefined;

  beforeAll(async () => {
    alertmanager = await startAlertmanager();
  });
  afterAll(async () => {
    await alertmanager?.stop();
  });

  it('pages and resolves on PagerDuty, Slack, email, Alertmanager and a webhook, with secrets from ${VAR} that never show', async () => {
    const am = alertmanager as AlertmanagerServer;
    const pd = await startPagerDutyReceiver([SECRETS.FD_TEST_PD_KEY]);
    const slack = await startSlackReceiver(SECRETS.FD_TEST_SLACK_TOKEN);
    const smtp = await startSmtpReceiver(SECRETS.FD_TEST_SMTP_PASSWORD);
    const hook = await startHttpReceiver(() => ({ status: 200 }));
    closers.push(
      () => pd.close(),
      () => slack.close(),
      () => smtp.close(),
      () => hook.close(),
    );
    const slackOrigin = new URL(slack.webhookUrl).origin;
    const smtpAddress = new URL(smtp.url()).host;

    // The origin's door is shut: nothing listens on web1 until the test starts the app there.
    const originAddress = allocateLoopbackAddress();
    const originPort = await findFreePort(originAddress);
    const config = join(sandbox.dir(), 'channels.yaml');
    await writeFile(
      config,
      stringify({
        environments: { production: { alerts: 'page' } },
        origins: { web1: `${originAddress}:${originPort}` },
        sites: {
          shop: shopSite({ aliases: true, environment: 'production' }),
        },
        watch: FAST_WATCH,
        alerts: {
          channels: {
            oncall: { type: 'pagerduty', routing_key: '${FD_TEST_PD_KEY}', url: pd.url },
            ops: { type: 'slack', webhook: `${slackOrigin}/services/\${FD_TEST_SLACK_TOKEN}` },
            mail: {
              type: 'email',
              smtp: `smtp://frontdoor:\${FD_TEST_SMTP_PASSWORD}@${smtpAddress}`,
              from: 'frontdoor@example.com',
              to: ['ops@example.com'],
            },
            am: { type: 'alertmanager', url: am.url },
            hook: {
              type: 'webhook',
              url: `${hook.origin}/frontdoor`,
              headers: { Authorization: 'Bearer ${FD_TEST_HOOK_TOKEN}' },
              secret: '${FD_TEST_HOOK_SECRET}',
            },
          },
          policies: {
            page: {
              channels: ['oncall', 'ops', 'mail', 'am', 'hook'],
              'failure-threshold': 2,
              'success-threshold': 2,
            },
          },
          retry: FAST_RETRY,
        },
        api: { tokens: [{ name: 'dashboard', scope: 'read', hash: hashToken(READ_TOKEN) }] },
      }),
    );
    const store = join(sandbox.dir(), 'channels.db');
    const { serve, url } = await startServe(config, store, sandbox.dir(), running, SECRETS);
    const delivered = () => readOutbox(store).rows.filter((row) => row.state === 'delivered').length;

    // The door shut: one incident, its opening delivered on all five channels.
    await pollUntil(() => delivered() === 5);
    const opened = pd.events[0] as { dedup_key: string };
    const incidentId = opened.dedup_key;
    expect(incidentId).toMatch(/^inc-/);
    await pollUntil(async () =>
      (await am.listAlerts()).some(
        (alert) => alert.labels.incident === incidentId && alert.status.state === 'active',
      ),
    );

    // The app comes back: the resolution reaches all five.
    const stopOrigin = await startOriginApp(originAddress, originPort);
    closers.push(stopOrigin);
    await pollUntil(() => delivered() === 10);
    const { rows } = readOutbox(store);
    expect(rows.every((row) => row.state === 'delivered')).toBe(true);
    const keys = [...new Set(rows.map((row) => row.key))];
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(`${incidentId}#1`);
    expect(keys[1]).toMatch(new RegExp(`^${incidentId}#\\d+$`));

    // PagerDuty: one page, dedup_key the incident id, triggered then resolved.
    expect(pd.pages()).toBe(1);
    expect(pd.events.map((event) => [event.event_action, event.dedup_key])).toEqual([
      ['trigger', incidentId],
      ['resolve', incidentId],
    ]);
    expect(pd.alerts.get(incidentId)?.status).toBe('resolved');

    // Slack: blocks Slack accepts, naming the hostnames, the origin and the layer.
    expect(slack.messages).toHaveLength(2);
    const page = JSON.stringify(slack.messages[0]);
    for (const word of ['shop.example.test', 'www.example.test', 'web1', 'connect'])
      expect(page).toContain(word);

    // Email: two mails, each with its idempotency key, the second threaded under the first.
    expect(
      smtp.mails.map((mail) => /^X-Frontdoor-Idempotency-Key: (.*)$/m.exec(mail.raw)?.[1]?.trim()),
    ).toEqual(keys);
    expect(smtp.mails[0]?.raw).toMatch(/^Subject: \[frontdoor\] OPEN: /m);
    expect(smtp.mails[1]?.raw).toMatch(/^Subject: \[frontdoor\] RESOLVED: /m);

    // Alertmanager: the alert is no longer active.
    await pollUntil(async () =>
      (await am.listAlerts()).every(
        (alert) => alert.labels.incident !== incidentId || Date.parse(alert.endsAt) <= Date.now(),
      ),
    );

    // Webhook: the keys as Idempotency-Key, the bearer from the environment, a signature that verifies.
    expect(hook.requests.map((request) => request.headers['idempotency-key'])).toEqual(keys);
    expect(hook.requests.map((request) => request.headers['x-frontdoor-event'])).toEqual([
      'opened',
      'resolved',
    ]);
    for (const request of hook.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${SECRETS.FD_TEST_HOOK_TOKEN}`);
      const signature = String(request.headers['x-frontdoor-signature']);
      const t = Number(/^t=(\d+),/.exec(signature)?.[1]);
      expect(signature).toBe(signWebhook(SECRETS.FD_TEST_HOOK_SECRET, request.body, t));
    }

    // The API: the incident resolved, with its targets, transitions, evidence and each notification's deliveries.
    const resolved = (await (
      await fetch(`${url}/api/v1/incidents?state=resolved`, { headers: read })
    ).json()) as {
      incidents: Array<{ id: string }>;
    };
    expect(resolved.incidents.map((incident) => incident.id)).toEqual([incidentId]);
    const detail = (await (
      await fetch(`${url}/api/v1/incidents/${incidentId}`, { headers: read })
    ).json()) as {
      targets: Array<{ hostname: string }>;
      transitions: Array<{ kind: string }>;
      evidence: { verdict: string; layer: string; evidence: string[] } | null;
      notifications: Array<{ key: string; deliveries: Array<{ channel: string; outcome: string }> }>;
    };
    expect(detail.targets.map((target) => target.hostname).sort()).toEqual([
      'shop.example.test',
      'www.example.test',
    ]);
    expect(detail.transitions[0]?.kind).toBe('opened');
    expect(detail.transitions.at(-1)?.kind).toBe('resolved');
    expect(detail.evidence).toMatchObject({ verdict: 'connect_refused', layer: 'connect' });
    expect(detail.notifications.map((notification) => notification.key)).toEqual(keys);
    for (const notification of detail.notifications) {
      const sent = notification.deliveries.filter((delivery) => delivery.outcome === 'sent');
      expect(sent.map((delivery) => delivery.channel).sort()).toEqual([
        'am',
        'hook',
        'mail',
        'oncall',
        'ops',
      ]);
    }

    // No secret in what serve logged, in its API, its metrics or its pages.
    const seen = [JSON.stringify(serve.logs), serve.stderr(), await readApi(url, incidentId)].join('\n');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(seen.includes(secret), `${name} shows`).toBe(false);
      expect(seen.includes(encodeURIComponent(secret)), `${name} shows URL-encoded`).toBe(false);
    }
  });
});
