import { describe, expect, it } from 'vitest';
import type { FrontdoorConfig } from '../../config/config-types.js';
import { parseConfig } from '../../config/parse-config.js';
import { readMaintenanceRequest } from './maintenance-request.js';

function configWith(watch: string): FrontdoorConfig {
  return parseConfig(
    `origins:\n  web1: 10.0.0.11\nsites:\n  shop: { url: "https://shop.example.com/", origins: [web1] }\n${watch}`,
    'frontdoor.yaml',
    { reader: 'serve' },
  );
}

describe('readMaintenanceRequest', () => {
  it('grants at most watch.maintenance_max, 4h when the file does not say', () => {
    const body = { origins: ['web1'], for: '6h' };
    const byDefault = readMaintenanceRequest(body, configWith(''));
    const configured = readMaintenanceRequest(body, configWith('watch:\n  maintenance_max: 30m\n'));
    expect(byDefault).toMatchObject({ ok: true, value: { forMs: 6 * 3_600_000, maxMs: 4 * 3_600_000 } });
    expect(configured).toMatchObject({ ok: true, value: { forMs: 6 * 3_600_000, maxMs: 30 * 60_000 } });
  });

  it('refuses a request without an end, without a scope, or naming what the file does not know', () => {
    const config = configWith('');
    expect(readMaintenanceRequest({ origins: ['web1'] }, config)).toMatchObject({ ok: false });
    expect(readMaintenanceRequest({ for: '1h' }, config)).toEqual({
      ok: false,
      problem: 'a window needs a scope: origins, sites or environments',
    });
    expect(readMaintenanceRequest({ origins: ['web9'], for: '1h' }, config)).toEqual({
      ok: false,
      problem: "not in the configuration: origin 'web9'",
    });
  });
});
