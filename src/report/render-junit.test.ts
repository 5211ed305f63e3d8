import { describe, expect, it } from 'vitest';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import { escapeXml } from './escape-xml.js';
import { buildFailedGate } from './gate-report.test-helper.js';
import { renderJunit } from './render-junit.js';

describe('escapeXml', () => {
  it('escapes markup and quotes and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>\u0000\u0007\t\n`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;\t\n',
    );
    expect(escapeXml('emoji 🚀 stays')).toBe('emoji 🚀 stays');
  });
});

describe('renderJunit', () => {
  it('writes one testsuite with a testcase per target and the deploy, failures carrying the verdict', () => {
    const xml = renderJunit(buildFailedGate(), { timestamp: '2026-11-23T09:00:00.000Z', durationMs: 9500 });
    expect(xml).toContain(
      '<testsuite name="frontdoor verify" tests="3" failures="1" errors="0" skipped="0" time="9.500" timestamp="2026-11-23T09:00:00.000Z">',
    );
    expect(xml).toContain(
      '<testcase classname="frontdoor.verify" name="deploy: ./deploy.sh --env prod" time="8.000"/>',
    );
    expect(xml).toContain(
      [
        '<testcase classname="frontdoor.verify" name="shop.test via web1" time="0.004">',
        '      <properties>',
        '        <property name="id" value="shop:shop.test/health@web1"/>',
        '        <property name="http_version" value="2"/>',
        '      </properties>',
        '    </testcase>',
      ].join('\n'),
    );
    expect(xml).toContain('<testcase classname="frontdoor.verify" name="shop.test via web2" time="1.236">');
    expect(xml).toContain('<property name="id" value="shop:shop.test/health@web2"/>');
    expect(xml).toContain('<property name="http_version" value="1.1"/>');
    expect(xml).toContain(
      '<failure message="wrong_version" type="wrong_version">web2 serves version &lt;1.9&gt; &amp; &quot;old&quot;, expected 2.0\nx-app-version: 1.9\nbody: a|bc\nduring the deploy: 6 of 40 requests failed, longest gap 1.2 s from 2026-11-23T09:00:01.400Z</failure>',
    );
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
  });

  it('fails a target that passed the final check but went down during the deploy, unless allowed', () => {
    const report = buildFailedGate();
    report.check.results[1] = buildResult('shop.test', 'web2', 'ok');
    const xml = renderJunit(report);
    expect(xml).toContain(
      '<failure message="failed during deploy" type="failed during deploy">during the deploy: 6 of 40 requests failed, longest gap 1.2 s from 2026-11-23T09:00:01.400Z</failure>',
    );
    report.gate.allowGapMs = 1500;
    const web2 = report.gate.deploy?.perTarget[1];
    if (web2 !== undefined) web2.failsGate = false;
    expect(renderJunit(report)).not.toContain('<failure');
  });

  it('matches deploy gaps to results by id, not by display name', () => {
    const report = buildFailedGate();
    const deploy = report.gate.deploy;
    if (deploy === undefined) throw new Error('fixture has a deploy');
    // two sites on one host: the gap belongs to the one whose id it carries, whatever the names say
    report.check.results = [
      { ...buildResult('shop.test', 'edge', 'ok', 'api'), target: 'shop.test via edge' },
      { ...buildResult('shop.test', 'edge', 'ok', 'shop'), target: 'shop.test via edge #2' },
    ];
    deploy.perTarget = [
      { ...(deploy.perTarget[0] as (typeof deploy.perTarget)[0]), id: 'api:shop.test/health@edge' },
      {
        ...(deploy.perTarget[1] as (typeof deploy.perTarget)[0]),
        id: 'shop:shop.test/health@edge',
        target: 'shop.test via edge',
      },
    ];
    const xml = renderJunit(report);
    const cases = xml.split('<testcase ').slice(2);
    expect(cases[0]).toContain('name="shop.test via edge"');
    expect(cases[0]).not.toContain('<failure');
    expect(cases[1]).toContain('name="shop.test via edge #2"');
    expect(cases[1]).toContain('<failure message="failed during deploy"');
  });

  it('fails the deploy testcase with its exit code or signal', () => {
    const report = buildFailedGate();
    if (report.gate.deploy === undefined) throw new Error('fixture has a deploy');
    report.gate.deploy.exitCode = 3;
    expect(renderJunit(report)).toContain(
      '<failure message="exit code 3" type="exit code 3">the deploy command failed with exit code 3</failure>',
    );
    report.gate.deploy.exitCode = null;
    report.gate.deploy.signal = 'SIGTERM';
    expect(renderJunit(report)).toContain('<failure message="signal SIGTERM"');
  });

  it('has no failures for a healthy run and sums case times without a duration', () => {
    const report = buildFailedGate();
    report.check.results = [buildResult('shop.test', 'web1', 'ok')];
    delete report.gate.deploy;
    const xml = renderJunit(report);
    expect(xml).toContain('tests="1" failures="0"');
    expect(xml).toContain('time="0.004"');
    expect(xml).not.toContain('<failure');
    expect(xml).not.toContain('timestamp=');
  });
});
