import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textLines } from './body-lines.js';
import { plainLine, type Line } from './styled-text.js';

/**
 * Saves the command as a script, the one copy that survives any terminal: wrapped lines on screen
 * cannot be pasted back exactly. Returns the path, or null when the temp folder is not writable.
 */
export function saveCurlScript(command: string, seq: number): string | null {
  const path = join(tmpdir(), `cbtest-curl-${process.pid}-${seq}.sh`);
  try {
    writeFileSync(path, `#!/bin/sh\n${command}\n`, { mode: 0o600 });
    return path;
  } catch {
    return null;
  }
}

function hardWrap(line: Line, width: number): Line[] {
  const text = line.map((part) => part.text).join('');
  if (text.length <= width) return [line];
  const rows: Line[] = [];
  for (let start = 0; start < text.length; start += width) rows.push(plainLine(text.slice(start, start + width)));
  return rows;
}

/** The curl pane: how to use it, then the command cut at the pane's edge (not at word breaks, so it reads as sent). */
export function curlPaneLines(command: string, options: { copied: boolean; scriptPath: string | null; width: number }): Line[] {
  const lines: Line[] = [plainLine('resends this callback with its exact body', 'muted')];
  if (options.scriptPath) lines.push(plainLine(`saved as ${options.scriptPath} · run it with: sh ${options.scriptPath}`, 'accent'));
  if (options.copied) lines.push(plainLine('copied to the clipboard where the terminal allows it (OSC 52)', 'muted'));
  lines.push([]);
  for (const line of textLines(command)) lines.push(...hardWrap(line, Math.max(20, options.width)));
  return lines;
}
