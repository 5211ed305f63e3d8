import { describe, expect, it } from 'vitest';
import { detectDriftChanges } from './detect-drift-changes.js';
import type { DriftState } from './host-snapshot.js';

const config = '/etc/nginx/nginx.conf';
const baseline = { sha256: 'aaa', acceptedAt: '2026-11-02T10:15:00.000Z' };
const ok: DriftState = { status: 'ok', config, sha256: 'aaa', baseline };
const diff =
  '--- a/etc/nginx/conf.d/app.conf\n+++ b/etc/nginx/conf.d/app.conf\n@@ -1,3 +1,3 @@\n upstream app {\n-    server 127.0.0.1:9000;\n+    server 127.0.0.1:9001;\n }\n';
const drifted = (sha256: string): DriftState => ({
  status: 'drifted',
  config,
  sha256,
  baseline,
  changed: ['/etc/nginx/conf.d/app.conf'],
  added: [],
  removed: [],
  diff,
  diffTruncated: false,
});

describe('detectDriftChanges', () => {
  it('reports drift appearing, with the diff against the baseline', () => {
    expect(detectDriftChanges(ok, drifted('bbb'))).toEqual([
      {
        type: 'config_drift_appeared',
        config,
        sha256: 'bbb',
        baseline,
        changed: ['/etc/nginx/conf.d/app.conf'],
        added: [],
        removed: [],
        diff,
        diffTruncated: false,
      },
    ]);
  });

  it('reports another edit while drifted as drift again, the same drift once', () => {
    expect(detectDriftChanges(drifted('bbb'), drifted('bbb'))).toEqual([]);
    expect(detectDriftChanges(drifted('bbb'), drifted('ccc'))).toMatchObject([
      { type: 'config_drift_appeared', sha256: 'ccc' },
    ]);
  });

  it('tells a restored tree from an accepted drift when it clears', () => {
    expect(detectDriftChanges(drifted('bbb'), ok)).toEqual([
      { type: 'config_drift_cleared', config, sha256: 'aaa', baseline, how: 'restored' },
    ]);
    const accepted: DriftState = {
      status: 'ok',
      config,
      sha256: 'bbb',
      baseline: { sha256: 'bbb', acceptedAt: '2026-11-23T07:00:00.000Z' },
    };
    expect(detectDriftChanges(drifted('bbb'), accepted)).toMatchObject([
      { how: 'baseline_accepted', sha256: 'bbb' },
    ]);
  });

  it('says nothing on a first check, without a baseline, or when drift could not be checked', () => {
    expect(detectDriftChanges(undefined, drifted('bbb'))).toEqual([]);
    expect(detectDriftChanges(ok, { status: 'no_baseline', config, sha256: 'bbb' })).toEqual([]);
    expect(detectDriftChanges(drifted('bbb'), { status: 'unchecked', reason: 'EACCES' })).toEqual([]);
  });
});
