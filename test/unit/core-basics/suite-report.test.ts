import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderSuiteJunit, renderSuiteTap } from '../../../src/core/suite-report.js';
import { mostSevere, type SuiteTree } from '../../../src/core/suite-tree.js';

const tree: SuiteTree = {
  runId: 'r1',
  exitCode: 4,
  durationMs: 2500,
  files: [
    {
      file: 'suites/orders.yaml',
      label: 'orders.yaml',
      name: 'orders',
      cases: [
        { name: 'passes', status: 'passed', exitCode: 0, durationMs: 1200, attempts: 1, reason: null, failures: [] },
        { name: 'fails <once>', status: 'failed', exitCode: 1, durationMs: 300, attempts: 2, reason: 'assertion failed: $.a == 1: got 2', failures: ['$.a == 1: got 2'] },
      ],
    },
    {
      file: 'flows.yaml',
      label: 'flows.yaml',
      name: 'flows',
      cases: [
        { name: 'unreachable', status: 'error', exitCode: 4, durationMs: 50, attempts: 1, reason: 'POST http://x refused the connection', failures: [] },
        { name: 'not run', status: 'skipped', exitCode: null, durationMs: 0, attempts: 0, reason: 'not run: --bail after a failed case', failures: [] },
      ],
    },
  ],
};

describe('suite reports', () => {
  it('JUnit: a testsuite per file, a testcase per case with its time, failure, error and skipped', () => {
    const xml = new XMLParser({ ignoreAttributes: false }).parse(renderSuiteJunit(tree));
    const [orders, flows] = xml.testsuites.testsuite;
    expect(orders).toMatchObject({ '@_name': 'orders', '@_tests': '2', '@_failures': '1', '@_errors': '0' });
    expect(orders.testcase[0]).toMatchObject({ '@_name': 'passes', '@_time': '1.200', '@_classname': 'orders.yaml' });
    expect(orders.testcase[1]).toMatchObject({ '@_name': 'fails <once>', failure: { '@_type': 'AssertionError', '#text': expect.stringContaining('attempts: 2') } });
    expect(flows.testcase[0].error).toMatchObject({ '@_type': 'TransportError', '@_message': 'POST http://x refused the connection' });
    expect(flows.testcase[1].skipped).toMatchObject({ '@_message': 'not run: --bail after a failed case' });
  });

  it('TAP 14: a subtest per file', () => {
    expect(renderSuiteTap(tree)).toBe(
      [
        'TAP version 14',
        '1..2',
        '# Subtest: orders.yaml',
        '    1..2',
        '    ok 1 - passes',
        '    not ok 2 - fails <once>',
        '      ---',
        '      message: "assertion failed: $.a == 1: got 2"',
        '      exitCode: 1',
        '      attempts: 2',
        '      durationMs: 300',
        '      ...',
        'not ok 1 - orders.yaml',
        '# Subtest: flows.yaml',
        '    1..2',
        '    not ok 1 - unreachable',
        '      ---',
        '      message: "POST http://x refused the connection"',
        '      exitCode: 4',
        '      attempts: 1',
        '      durationMs: 50',
        '      ...',
        '    ok 2 - not run # SKIP',
        'not ok 2 - flows.yaml',
        '',
      ].join('\n'),
    );
  });

  it('the most severe case decides the exit code: 4, then 3, then 1, then 0', () => {
    expect(mostSevere([0, 1, 3])).toBe(3);
    expect(mostSevere([1, 4, 3])).toBe(4);
    expect(mostSevere([0, 1])).toBe(1);
    expect(mostSevere([])).toBe(0);
  });
});

describe('suite reports: a case\'s deliveries', () => {
  const withDeliveries: SuiteTree = {
    runId: 'r2',
    exitCode: 1,
    durationMs: 900,
    files: [
      {
        file: 'senders.yaml',
        label: 'senders.yaml',
        name: 'senders',
        cases: [
          { name: 'retried', status: 'passed', exitCode: 0, durationMs: 400, attempts: 1, reason: null, failures: [], deliveries: ['msg_1: 2 attempts: +0s 503, +1.0s 200'] },
          { name: 'repeated', status: 'failed', exitCode: 1, durationMs: 500, attempts: 1, reason: 'assertion failed: deliveries: evt_1 came again after a 2xx (1 time)', failures: [], deliveries: ['evt_1: 2 attempts: +0s 200, +0.5s 200 (duplicate)'] },
        ],
      },
    ],
  };

  it('JUnit lists them as system-out, TAP as diagnostics, passed or not', () => {
    const xml = new XMLParser({ ignoreAttributes: false }).parse(renderSuiteJunit(withDeliveries));
    const [retried, repeated] = xml.testsuites.testsuite.testcase;
    expect(retried['system-out']).toBe('msg_1: 2 attempts: +0s 503, +1.0s 200');
    expect(repeated['system-out']).toBe('evt_1: 2 attempts: +0s 200, +0.5s 200 (duplicate)');
    expect(repeated.failure['@_message']).toContain('evt_1 came again after a 2xx');
    const tap = renderSuiteTap(withDeliveries);
    expect(tap).toContain('    ok 1 - retried\n      ---\n      deliveries:\n        - "msg_1: 2 attempts: +0s 503, +1.0s 200"\n      ...\n');
    expect(tap).toContain('      durationMs: 500\n      deliveries:\n        - "evt_1: 2 attempts: +0s 200, +0.5s 200 (duplicate)"\n      ...\n');
  });
});
