import { accessSync, constants, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { EventStore } from '../core/event-store.js';
import type { CbEventOf } from '../core/events.js';
import type { RunSummary } from '../core/test-report.js';
import type { ReportTarget } from './report-formats.js';

/** A report file that cannot be written is a usage error at start, before anything is sent. */
export function checkReportTargets(targets: readonly ReportTarget[]): void {
  for (const target of targets) {
    const path = resolve(target.file);
    try {
      accessSync(existsSync(path) ? path : dirname(path), constants.W_OK);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(`--report ${target.format.name}:${target.file} cannot be written (${reason})`, 'check the folder exists and is writable');
    }
  }
}

/** Gathers what the reports need from the event store, as the run goes. */
export function collectRunSummary(store: EventStore, meta: { title: string; awaited: string }): () => RunSummary | null {
  const assertions: CbEventOf<'assertion'>[] = [];
  let result: CbEventOf<'result'> | null = null;
  store.subscribe((event) => {
    if (event.type === 'assertion') assertions.push(event);
    else if (event.type === 'result') result = event;
  });
  return () => (result ? { ...meta, assertions, result } : null);
}

/** Writes every report; returns the lines saying where the defaulted ones went. */
export async function writeReports(targets: readonly ReportTarget[], summary: RunSummary): Promise<string[]> {
  const said: string[] = [];
  for (const target of targets) {
    try {
      await writeFile(target.file, target.format.render(summary));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(`--report ${target.format.name}:${target.file} cannot be written (${reason})`, 'check the folder exists and is writable');
    }
    if (target.defaulted) said.push(`${target.format.name} report written to ${target.file}`);
  }
  return said;
}
