import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './help-output.js';

const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
/** Runs one of the shells under test by name (they need not be installed: zsh and fish are skipped then). */
const inShell = (shell: 'bash' | 'zsh' | 'fish', args: string[]) => spawnSync(shell, args, { encoding: 'utf8' });

async function scriptFile(shell: string): Promise<string> {
  const { code, stdout } = await runInProcess(['completion', shell]);
  expect(code).toBe(0);
  const path = join(mkdtempSync(join(tmpdir(), 'cbtest-completion-')), `cbtest.${shell}`);
  writeFileSync(path, stdout);
  return path;
}

describe('cbtest completion bash|zsh|fish', () => {
  it('bash: a valid script that completes commands, flags, choices and file values from the commander tree', async () => {
    const path = await scriptFile('bash');
    expect(inShell('bash', ['-n', path]).status).toBe(0);
    // What pressing Tab gives: the completion function run on typed words, as bash runs it.
    const tab = (words: string[]) => `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _cbtest; echo "[\${COMPREPLY[*]}]"`;
    const session = [`source '${path}'`, tab(['cbtest', 'fi']), tab(['cbtest', 'fire', '--rp']), tab(['cbtest', 'fire', '--cancel', '']), tab(['cbtest', 'completion', '']), tab(['cbtest', 'listen', '--no-']), tab(['cbtest', 'help', 'se'])].join('\n');
    const result = inShell('bash', ['-c', session]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(['[fire]', '[--rpc]', '[put delete none]', '[bash zsh fish]', '[--no-tui --no-color]', '[send serve]']);
  });

  it.skipIf(!has('zsh'))(`zsh: a script zsh can parse${has('zsh') ? '' : ' (skipped: zsh is not installed here)'}`, async () => {
    const path = await scriptFile('zsh');
    expect(inShell('zsh', ['-n', path]).status).toBe(0);
  });

  it.skipIf(!has('fish'))(`fish: completes --rpc after fire${has('fish') ? '' : ' (skipped: fish is not installed here)'}`, async () => {
    const path = await scriptFile('fish');
    const result = inShell('fish', ['-c', `source '${path}'; complete -C 'cbtest fire --rp'`]);
    expect(result.stdout).toMatch(/^--rpc\b/m);
  });

  it('zsh and fish scripts name every command and the fire modes, even where those shells are not installed', async () => {
    const [zsh, fish] = await Promise.all([runInProcess(['completion', 'zsh']), runInProcess(['completion', 'fish'])]);
    expect(zsh.stdout).toMatch(/^#compdef cbtest$/m);
    expect(zsh.stdout).toContain("'fire:start a receiver");
    expect(zsh.stdout).toMatch(/'--rpc\[JSON-RPC endpoint\]:value: '/);
    expect(zsh.stdout).toContain("'--cancel[how --subscribe cancels at the end, at the self link]:value:(put delete none)'");
    expect(fish.stdout).toContain("complete -c cbtest -n __fish_use_subcommand -f -a fire -d 'start a receiver");
    expect(fish.stdout).toContain("complete -c cbtest -n '__fish_seen_subcommand_from fire' -l rpc -x -d 'JSON-RPC endpoint'");
    const unknown = await runInProcess(['completion', 'powershell']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/powershell.*bash, zsh, fish/);
  });
});
