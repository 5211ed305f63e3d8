import type { TargetResult } from '../diagnose/target-result.js';
import { formatMilliseconds } from '../format/format-milliseconds.js';
import type { DeployReport, GateReport } from '../gate/gate-report.js';
import { escapeXml } from './escape-xml.js';

export interface JunitOptions {
  /** ISO 8601 start of the run, for the testsuite's timestamp attribute */
  timestamp?: string;
  /** wall time of the whole run in milliseconds (the suite's time); defaults to the sum of its cases */
  durationMs?: number;
}

interface TestCase {
  name: string;
  /** the target's stable id; display names can change when targets are added, ids do not */
  id?: string;
  /** the HTTP version the target answered in ("2", "1.1"), when it answered */
  httpVersion?: string;
  timeMs: number;
  failure?: { message: string; text: string };
}

/**
 * `frontdoor verify --junit FILE`: one testsuite, one testcase per target (plus one for the deploy
 * command when there was one). A target's case carries its stable id (and the HTTP version it answered in)
 * as properties; a failing case
 * carries `<failure message="VERDICT">` with the summary and evidence as its text; times are seconds, as
 * JUnit readers expect.
 */
export function renderJunit(report: GateReport, options: JunitOptions = {}): string {
  const deploy = report.gate.deploy;
  const cases: TestCase[] = report.check.results.map((result) => toTestCase(result, deploy));
  if (deploy !== undefined) cases.unshift(toDeployCase(deploy));
  const failures = cases.filter((testCase) => testCase.failure !== undefined).length;
  const totalMs = options.durationMs ?? cases.reduce((sum, testCase) => sum + testCase.timeMs, 0);
  const suiteAttributes = [
    `name="frontdoor verify"`,
    `tests="${cases.length}"`,
    `failures="${failures}"`,
    `errors="0"`,
    `skipped="0"`,
    `time="${seconds(totalMs)}"`,
    ...(options.timestamp === undefined ? [] : [`timestamp="${escapeXml(options.timestamp)}"`]),
  ].join(' ');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites>`,
    `  <testsuite ${suiteAttributes}>`,
  ];
  for (const testCase of cases) {
    const attributes = `classname="frontdoor.verify" name="${escapeXml(testCase.name)}" time="${seconds(testCase.timeMs)}"`;
    const body: string[] = [];
    const properties = [
      ...(testCase.id === undefined ? [] : [['id', testCase.id]]),
      ...(testCase.httpVersion === undefined ? [] : [['http_version', testCase.httpVersion]]),
    ];
    if (properties.length > 0) {
      // Per-testcase properties, as pytest writes them: readers that know them show the id.
      body.push(
        '      <properties>',
        ...properties.map(
          ([name, value]) => `        <property name="${name}" value="${escapeXml(value ?? '')}"/>`,
        ),
        '      </properties>',
      );
    }
    if (testCase.failure !== undefined) {
      body.push(
        `      <failure message="${escapeXml(testCase.failure.message)}" type="${escapeXml(testCase.failure.message)}">${escapeXml(testCase.failure.text)}</failure>`,
      );
    }
    if (body.length === 0) lines.push(`    <testcase ${attributes}/>`);
    else lines.push(`    <testcase ${attributes}>`, ...body, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function toTestCase(result: TargetResult, deploy: DeployReport | undefined): TestCase {
  const during = deploy?.perTarget.find((target) => target.id === result.id);
  const downtime =
    during?.failsGate === true
      ? `during the deploy: ${during.failed} of ${during.sent} requests failed, longest gap ${formatMilliseconds(during.longestGapMs)}${during.gapStartedAt === null ? '' : ` from ${during.gapStartedAt}`}`
      : undefined;
  const testCase: TestCase = { name: result.target, id: result.id, timeMs: result.timings.total };
  if (result.httpVersion !== undefined) testCase.httpVersion = result.httpVersion;
  if (result.verdict !== 'ok') {
    const text = [result.summary, ...result.evidence, ...(downtime === undefined ? [] : [downtime])];
    testCase.failure = { message: result.verdict, text: text.join('\n') };
  } else if (downtime !== undefined) {
    testCase.failure = { message: 'failed during deploy', text: downtime };
  }
  return testCase;
}

function toDeployCase(deploy: DeployReport): TestCase {
  const testCase: TestCase = { name: `deploy: ${deploy.command.join(' ')}`, timeMs: deploy.durationMs };
  if (deploy.signal !== null) {
    testCase.failure = {
      message: `signal ${deploy.signal}`,
      text: 'the deploy command was ended by a signal',
    };
  } else if (deploy.exitCode !== 0) {
    testCase.failure = {
      message: `exit code ${deploy.exitCode}`,
      text: `the deploy command failed with exit code ${deploy.exitCode}`,
    };
  }
  return testCase;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
