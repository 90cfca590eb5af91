import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/register-commands.js';
import { readFireHelpRequest, readInvocation } from '../../src/cli/invocation.js';
import { runCliToEnd } from '../helpers/cli.js';
import { helpGroups, runInProcess, runnableExamples } from './help-output.js';

const MODES = ['rpc', 'subscribe', 'openapi', 'oauth'];
const SHARED = ['Receiver (where callbacks arrive, how they are answered):', 'Waiting and assertions:', 'Output:'];

describe('fire --help, as a user reads it', () => {
  it('groups the flags: every mode, each mode its own, then receiver, waiting and assertions, output', async () => {
    const { code, stdout } = await runInProcess(['fire', '--help']);
    expect(code).toBe(0);
    const groups = helpGroups(stdout);
    const headings = [...groups.keys()].filter((heading) => !heading.startsWith('Examples') && heading !== 'More examples:');
    expect(headings).toEqual([
      'Every mode:',
      'JSON-RPC (--rpc URL --method NAME):',
      'REST subscription (--subscribe URL):',
      'OpenAPI callbacks (--openapi SPEC --operation ID):',
      'OAuth login (--oauth AUTHORIZE_URL --client-id ID):',
      ...SHARED,
    ]);
    expect(groups.get('Every mode:')).toEqual(['--header', '--body']);
    expect(groups.get('JSON-RPC (--rpc URL --method NAME):')).toEqual(['--rpc', '--method', '--params', '--id', '--jsonrpc-version']);
    expect(groups.get(SHARED[0]!)).toEqual(expect.arrayContaining(['--port', '--tunnel', '--public-url', '--forward-to', '--verify', '--relay']));
    expect(groups.get(SHARED[1]!)).toEqual(['--count', '--until', '--expect', '--expect-schema', '--timeout']);
    expect(groups.get(SHARED[2]!)).toEqual(expect.arrayContaining(['--json', '--record', '--report', '--help']));
    expect(stdout.replace(/\s+/g, ' ')).toContain("'cbtest fire --rpc --help' (or 'cbtest help fire rpc') shows one mode");
    // One runnable example per mode in the overview.
    expect(runnableExamples(stdout).map((line) => /--(rpc|subscribe|openapi|oauth) /.exec(line)?.[1])).toEqual(MODES);
  });

  it("'cbtest fire --rpc --help' and 'cbtest help fire rpc' show the JSON-RPC mode alone, with the shared groups and its examples", async () => {
    const [spawned, viaHelp, withUrl] = await Promise.all([
      runCliToEnd(['fire', '--rpc', '--help']),
      runInProcess(['help', 'fire', 'rpc']),
      runInProcess(['fire', '--rpc', 'http://127.0.0.1:5050/rpc', '--method', 'M', '--help']),
    ]);
    expect(spawned.code).toBe(0);
    expect(viaHelp.stdout).toBe(spawned.stdout);
    expect(withUrl.stdout).toBe(spawned.stdout);
    const groups = helpGroups(spawned.stdout);
    expect([...groups.keys()].slice(0, 4)).toEqual(['JSON-RPC (--rpc URL --method NAME):', ...SHARED]);
    expect(groups.get('JSON-RPC (--rpc URL --method NAME):')).toEqual(['--header', '--rpc', '--method', '--params', '--id', '--jsonrpc-version']);
    expect(spawned.stdout).toMatch(/^Usage: cbtest fire --rpc <url> --method <name> \[options\]/);
    expect(spawned.stdout).not.toMatch(/--subscribe|--client-id|--operation|--body </);
    const examples = runnableExamples(spawned.stdout);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) expect(example).toMatch(/^cbtest fire --rpc http:\/\/127\.0\.0\.1:5050\/rpc /);
  });

  it('each other mode shows its own flags (--body only where it is read) and examples against cbtest serve', async () => {
    const results = await Promise.all(MODES.slice(1).map((mode) => runInProcess(['help', 'fire', mode])));
    const own: Record<string, string[]> = {
      subscribe: ['--header', '--body', '--subscribe', '--callback-pointer', '--cancel', '--grace'],
      openapi: ['--header', '--body', '--openapi', '--operation', '--server', '--param'],
      oauth: ['--header', '--oauth', '--client-id', '--token-url', '--scope', '--client-secret', '--redirect-path', '--no-browser'],
    };
    MODES.slice(1).forEach((mode, index) => {
      const { code, stdout } = results[index]!;
      expect(code).toBe(0);
      const groups = [...helpGroups(stdout).entries()];
      expect(groups[0]![1]).toEqual(own[mode]);
      expect(groups.slice(1, 4).map(([heading]) => heading)).toEqual(SHARED);
      expect(stdout).toContain('Examples that run as pasted (start the reference producer first: cbtest serve --allow-http):');
      const examples = runnableExamples(stdout);
      expect(examples.length).toBeGreaterThanOrEqual(2);
      for (const example of examples) expect(example).toContain(`cbtest fire --${mode} http://127.0.0.1:5050/`);
    });
  });

  it('cbtest --help lists every command without loading them, each as its own command describes itself', async () => {
    const { stdout } = await runInProcess(['--help']);
    for (const entry of COMMANDS) {
      const program = new Command('cbtest');
      const register = await entry.load();
      register(program, { io: process as never, setExitCode: () => undefined }, { command: entry.name, args: [] });
      const command = program.commands.find((candidate) => candidate.name() === entry.name)!;
      expect(command.summary() || command.description(), entry.name).toBe(entry.summary);
      expect(command.registeredArguments.map((argument) => (argument.required ? `<${argument.name()}${argument.variadic ? '...' : ''}>` : `[${argument.name()}]`)).join(' '), entry.name).toBe(entry.args);
      expect(stdout).toMatch(new RegExp(`^ {2}${entry.name} \\[options\\]`, 'm'));
    }
  });

  it('reads which command and which fire mode a command line asks about before anything is loaded', () => {
    const names = COMMANDS.map((entry) => entry.name);
    expect(readInvocation(['listen', '--port', '0'], names).command).toBe('listen');
    expect(readInvocation(['help', 'fire', 'rpc'], names).command).toBe('fire');
    expect(readInvocation(['lsten'], names).command).toBeNull();
    expect(readInvocation(['--help'], names).command).toBeNull();
    expect(readFireHelpRequest(['fire', '--oauth=http://x', '-h'], MODES)).toEqual({ mode: 'oauth' });
    expect(readFireHelpRequest(['fire', '--rpc', 'u', '--oauth', 'v', '--help'], MODES)).toEqual({ mode: null });
    expect(readFireHelpRequest(['fire', '--rpc', 'u', '--', '--help'], MODES)).toBeNull();
    expect(readFireHelpRequest(['help', 'fire'], MODES)).toEqual({ mode: null });
  });
});
