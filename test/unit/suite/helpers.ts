import { expect } from 'vitest';
import { CbtestError } from '../../../src/core/errors.js';
import { loadSuiteFile, type SuiteFile, type SuiteInputs } from '../../../src/suite/index.js';

export const ENV = { API_URL: 'http://127.0.0.1:4010', API_TOKEN: 'tok-secret-1', GH_SECRET: 'gh-secret-2', PORT: '4555', EMPTY: '' };

/** Suite text written with a leading newline and indentation, like a heredoc; lines count from the first real one. */
export function yaml(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

export function load(text: string, inputs: Partial<SuiteInputs> = {}): SuiteFile {
  return loadSuiteFile('suite.yaml', yaml(text), { env: ENV, vars: {}, secrets: {}, ...inputs });
}

/** The one line a user sees (message; hint) for a suite that must not load, and its exit code. */
export function loadError(text: string, inputs: Partial<SuiteInputs> = {}): { line: string; exitCode: number } {
  try {
    load(text, inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(CbtestError);
    const { message, hint, exitCode } = error as CbtestError;
    return { line: hint ? `${message}; ${hint}` : message, exitCode };
  }
  throw new Error('expected the suite to be refused');
}
