import { parseConfig } from '../../config/parse-config.js';
import type { ProbeModule } from '../../config/probe-module.js';

/**
 * A module as the configuration loader builds it from blackbox-shaped YAML (the `http:` block's lines).
 * @example moduleFrom('valid_status_codes: [200]')
 */
export function moduleFrom(httpBlock = '', extra = ''): ProbeModule {
  const indented = httpBlock
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `      ${line}`)
    .join('\n');
  const text = `modules:\n  m:\n    prober: http\n${extra}${indented === '' ? '' : `    http:\n${indented}\n`}`;
  const module = parseConfig(text, '/srv/fd/frontdoor.yaml').modules?.m;
  if (module === undefined) throw new Error('no module m');
  return module;
}
