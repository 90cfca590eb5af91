import { formatDuration } from './duration.js';
import type { CbEventOf } from './events.js';
import { formatTimeline } from './sender-lines.js';
import { xmlText } from './xml-text.js';

/** What an end-of-run report needs: one test case per expectation judgement, plus "callback arrived". */
export interface RunSummary {
  title: string;
  awaited: string;
  assertions: readonly CbEventOf<'assertion'>[];
  result: CbEventOf<'result'>;
}

interface TestCase {
  name: string;
  pass: boolean;
  message: string;
  actual?: unknown;
  /** The "deliveries" case: each key's timeline, shown whether it passed or not. */
  timelines?: string[];
}

function testCases(summary: RunSummary): TestCase[] {
  const arrived = summary.result.callbacks > 0 || (summary.result.pass && summary.assertions.length === 0);
  const arrivalFailure = summary.result.exitCode === 3 || summary.result.exitCode === 4 || summary.result.exitCode === 2;
  const cases: TestCase[] = [
    {
      name: `callback arrived: ${summary.awaited}`,
      pass: arrived && !arrivalFailure,
      message: arrivalFailure ? (summary.result.reason ?? 'no callback') : `${summary.result.callbacks} callback(s)`,
    },
  ];
  for (const assertion of summary.assertions) {
    if (assertion.expr === 'deliveries' && assertion.eventSeq === null) {
      cases.push(deliveriesCase(summary, assertion));
      continue;
    }
    const subject = assertion.eventSeq === null ? '' : ` [event #${assertion.eventSeq}]`;
    cases.push({ name: `${assertion.expr}${subject}`, pass: assertion.pass, message: assertion.message, actual: assertion.actual });
  }
  return cases;
}

/** The case judging every delivery key at the verdict; it lists each key's timeline, passed or not. */
function deliveriesCase(summary: RunSummary, assertion: CbEventOf<'assertion'>): TestCase {
  const timelines = (summary.result.deliveries ?? []).map(formatTimeline);
  return { name: 'deliveries', pass: assertion.pass, message: assertion.message, timelines };
}


export function renderJunit(summary: RunSummary): string {
  const cases = testCases(summary);
  const failures = cases.filter((item) => !item.pass).length;
  const seconds = (summary.result.durationMs / 1000).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cbtest" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="${xmlText(summary.title)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}" timestamp="${summary.result.at}">`,
  ];
  for (const item of cases) {
    const open = `    <testcase classname="cbtest" name="${xmlText(item.name)}" time="0">`;
    const out = item.timelines ? [`      <system-out>${xmlText(item.timelines.join('\n'))}</system-out>`] : [];
    if (item.pass) {
      lines.push(...(out.length > 0 ? [open, ...out, '    </testcase>'] : [`${open}</testcase>`]));
    } else {
      const actual = item.timelines ? `\n${item.timelines.join('\n')}` : item.actual === undefined ? '' : `\nactual: ${JSON.stringify(item.actual)}`;
      lines.push(open, `      <failure message="${xmlText(item.message)}" type="AssertionError">${xmlText(item.message + actual)}</failure>`, ...out, '    </testcase>');
    }
  }
  lines.push(`    <system-out>${xmlText(`exit ${summary.result.exitCode} after ${formatDuration(summary.result.durationMs)}`)}</system-out>`);
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

export function renderTap(summary: RunSummary): string {
  const cases = testCases(summary);
  const lines = ['TAP version 14', `1..${cases.length}`];
  cases.forEach((item, index) => {
    lines.push(`${item.pass ? 'ok' : 'not ok'} ${index + 1} - ${item.name.replace(/[\r\n]/g, ' ').replace(/#/g, '\\#')}`);
    if (!item.pass || item.timelines) {
      lines.push('  ---', `  message: ${JSON.stringify(item.message)}`);
      if (item.timelines) lines.push('  deliveries:', ...item.timelines.map((line) => `    - ${JSON.stringify(line)}`));
      else if (item.actual !== undefined) lines.push(`  actual: ${JSON.stringify(item.actual)}`);
      lines.push('  ...');
    }
  });
  return `${lines.join('\n')}\n`;
}

export function renderJsonReport(summary: RunSummary): string {
  return `${JSON.stringify({ title: summary.title, result: summary.result, tests: testCases(summary) }, null, 2)}\n`;
}
