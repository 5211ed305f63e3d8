import type { ConfigIssue } from './config-issue.js';
import type { RawConfig } from './config-schema.js';

/** Names end up in messages, labels and metrics, so they stay plain, as elsewhere in the file. */
const NAME = /^[A-Za-z0-9][\w.-]*$/;
const BUILT_IN_POLICIES = ['page', 'quiet'];

/**
 * The references of the `alerts` and `maintenance` sections: policies name defined channels,
 * environments name a policy, and maintenance windows name sites, origins and environments that exist.
 */
export function checkAlertReferences(raw: RawConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const channels = raw.alerts?.channels ?? {};
  const policies = raw.alerts?.policies ?? {};
  for (const [section, names] of [
    ['channels', Object.keys(channels)],
    ['policies', Object.keys(policies)],
  ] as const) {
    for (const name of names) {
      if (!NAME.test(name)) {
        issues.push({
          path: ['alerts', section, name],
          message: `'${name}' is not a usable name (letters, digits, '.', '_' and '-')`,
          at: 'key',
        });
      }
    }
  }
  const channelNames = Object.keys(channels);
  for (const [policyName, policy] of Object.entries(policies)) {
    const seen = new Set<string>();
    (policy.channels ?? []).forEach((channel, index) => {
      const path = ['alerts', 'policies', policyName, 'channels', index];
      if (!(channel in channels)) {
        const known =
          channelNames.length > 0 ? `known: ${channelNames.join(', ')}` : 'no channels are defined';
        issues.push({ path, message: `unknown channel '${channel}' (${known})` });
      } else if (seen.has(channel)) {
        issues.push({ path, message: `channel '${channel}' is listed twice` });
      }
      seen.add(channel);
    });
  }
  const policyNames = [...new Set([...BUILT_IN_POLICIES, ...Object.keys(policies)])];
  for (const [name, environment] of Object.entries(raw.environments ?? {})) {
    if (!policyNames.includes(environment.alerts)) {
      issues.push({
        path: ['environments', name, 'alerts'],
        message: `unknown alert policy '${environment.alerts}' (known: ${policyNames.join(', ')})`,
      });
    }
  }
  for (const issue of checkMaintenanceReferences(raw)) issues.push(issue);
  return issues;
}

function checkMaintenanceReferences(raw: RawConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const sites = Object.keys(raw.sites ?? {});
  const origins = Object.keys(raw.origins ?? {});
  // Without an `environments` section an environment is a free label on sites, so those labels are known.
  const environments =
    raw.environments != null
      ? Object.keys(raw.environments)
      : [...new Set(Object.values(raw.sites ?? {}).flatMap((site) => site.environment ?? []))];
  // Sets to look names up in, and each list written once for the messages: a window naming thousands of
  // sites was otherwise quadratic.
  const known = { sites: new Set(sites), origins: new Set(origins), environments: new Set(environments) };
  const lists = {
    sites: sites.length > 0 ? `known: ${sites.join(', ')}` : 'no sites are defined',
    origins: origins.length > 0 ? `known: ${origins.join(', ')}` : 'no origins are defined',
    environments:
      environments.length > 0 ? `known: ${environments.join(', ')}` : 'no environments are defined',
  };
  const seenNames = new Set<string>();
  (raw.maintenance ?? []).forEach((window, index) => {
    if (!NAME.test(window.name)) {
      issues.push({
        path: ['maintenance', index, 'name'],
        message: `'${window.name}' is not a usable name (letters, digits, '.', '_' and '-')`,
      });
    } else if (seenNames.has(window.name)) {
      issues.push({
        path: ['maintenance', index, 'name'],
        message: `window '${window.name}' is defined twice`,
      });
    }
    seenNames.add(window.name);
    for (const key of ['sites', 'origins', 'environments'] as const) {
      (window[key] ?? []).forEach((name, position) => {
        if (known[key].has(name)) return;
        const singular = key.slice(0, -1);
        issues.push({
          path: ['maintenance', index, key, position],
          message: `unknown ${singular} '${name}' (${lists[key]})`,
        });
      });
    }
  });
  return issues;
}
