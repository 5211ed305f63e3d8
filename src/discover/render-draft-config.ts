import { stringify } from 'yaml';
import { buildFrontdoorConfig } from './build-frontdoor-config.js';
import type { NginxInventory } from './nginx/nginx-inventory.js';

/** The drafted frontdoor configuration as YAML, with a header saying where it came from and what to edit. */
export function renderDraftConfig(inventory: NginxInventory): string {
  const header = [
    `# frontdoor configuration drafted from ${inventory.mainFile} by 'frontdoor discover nginx'.`,
    '# Origins of wildcard listens point at this box over loopback; use its public address to probe from elsewhere.',
    '# Wildcard and regex server names cannot be probed as such: add concrete hostnames to aliases.',
    '',
  ].join('\n');
  return header + stringify(buildFrontdoorConfig(inventory));
}
