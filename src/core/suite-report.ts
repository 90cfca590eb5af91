import { countStatuses, type CaseResult, type FileResult, type SuiteTree } from './suite-tree.js';
import { xmlText } from './xml-text.js';


const seconds = (ms: number): string => (ms / 1000).toFixed(3);
const fileMs = (file: FileResult): number => file.cases.reduce((sum, item) => sum + item.durationMs, 0);
const count = (file: FileResult, status: CaseResult['status']): number => file.cases.filter((item) => item.status === status).length;

function junitCase(file: FileResult, item: CaseResult): string[] {
  const open = `    <testcase classname="${xmlText(file.label)}" name="${xmlText(item.name)}" time="${seconds(item.durationMs)}">`;
  const attempts = item.attempts > 1 ? `\nattempts: ${item.attempts}` : '';
  const message = item.reason ?? '';
  const said = [...(item.status === 'passed' && item.attempts > 1 ? [`passed on attempt ${item.attempts}`] : []), ...(item.deliveries ?? [])];
  const out = said.length > 0 ? `<system-out>${xmlText(said.join('\n'))}</system-out>` : '';
  if (item.status === 'passed') return [`${open}${out}</testcase>`];
  if (item.status === 'skipped') return [open, `      <skipped message="${xmlText(message || 'not run')}"/>`, '    </testcase>'];
  const tag = item.status === 'failed' ? 'failure' : 'error';
  const type = item.status === 'failed' ? 'AssertionError' : item.exitCode === 3 ? 'TimeoutError' : item.exitCode === 4 ? 'TransportError' : `exit ${item.exitCode}`;
  const body = [message, ...item.failures.filter((failure) => !message.includes(failure))].join('\n') + attempts;
  return [open, `      <${tag} message="${xmlText(message)}" type="${type}">${xmlText(body)}</${tag}>`, ...(out ? [`      ${out}`] : []), '    </testcase>'];
}

/** JUnit XML: one <testsuite> per file, one <testcase> per case with its real time. */
export function renderSuiteJunit(tree: SuiteTree): string {
  const counts = countStatuses(tree);
  const total = tree.files.reduce((sum, file) => sum + file.cases.length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cbtest run" tests="${total}" failures="${counts.failed}" errors="${counts.error}" skipped="${counts.skipped}" time="${seconds(tree.durationMs)}">`,
  ];
  for (const file of tree.files) {
    lines.push(
      `  <testsuite name="${xmlText(file.name)}" file="${xmlText(file.file)}" tests="${file.cases.length}" failures="${count(file, 'failed')}" errors="${count(file, 'error')}" skipped="${count(file, 'skipped')}" time="${seconds(fileMs(file))}">`,
    );
    for (const item of file.cases) lines.push(...junitCase(file, item));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

const tapName = (text: string): string => text.replace(/[\r\n]/g, ' ').replace(/#/g, '\\#');

/** TAP 14: a subtest per file, a test point per case. */
export function renderSuiteTap(tree: SuiteTree): string {
  const lines = ['TAP version 14', `1..${tree.files.length}`];
  tree.files.forEach((file, fileIndex) => {
    lines.push(`# Subtest: ${tapName(file.label)}`, `    1..${file.cases.length}`);
    file.cases.forEach((item, index) => {
      const directive = item.status === 'skipped' ? ' # SKIP' : '';
      lines.push(`    ${item.status === 'passed' || item.status === 'skipped' ? 'ok' : 'not ok'} ${index + 1} - ${tapName(item.name)}${directive}`);
      const deliveries = item.deliveries ? ['      deliveries:', ...item.deliveries.map((line) => `        - ${JSON.stringify(line)}`)] : [];
      if (item.status === 'failed' || item.status === 'error') {
        lines.push('      ---', `      message: ${JSON.stringify(item.reason ?? '')}`, `      exitCode: ${item.exitCode}`, `      attempts: ${item.attempts}`, `      durationMs: ${item.durationMs}`, ...deliveries, '      ...');
      } else if (deliveries.length > 0) {
        lines.push('      ---', ...deliveries, '      ...');
      }
    });
    const ok = file.cases.every((item) => item.status === 'passed' || item.status === 'skipped');
    lines.push(`${ok ? 'ok' : 'not ok'} ${fileIndex + 1} - ${tapName(file.label)}`);
  });
  return `${lines.join('\n')}\n`;
}

/** JSON: the same tree. */
export function renderSuiteJson(tree: SuiteTree): string {
  return `${JSON.stringify(tree, null, 2)}\n`;
}
