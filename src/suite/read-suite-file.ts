import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { loadSuiteFile } from './load-suite.js';
import type { SuiteFile, SuiteInputs } from './types.js';

/** The edge: reads a suite (and its `@file` secrets) from disk; its relative paths become absolute, messages keep `path`. */
export function readSuiteFile(path: string, inputs: Omit<SuiteInputs, 'readFile' | 'folder'>): SuiteFile {
  const folder = dirname(resolve(path));
  return loadSuiteFile(path, readText(path), { ...inputs, folder, readFile: (file) => readFileSync(file, 'utf8') });
}

/** Reads a file named on the command line (a suite, a --vars-file) with one clear line when it cannot. */
export function readText(path: string, shown = path): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`cannot read ${shown} (${code === 'ENOENT' ? 'no such file' : code})`, 'check the path');
  }
}
