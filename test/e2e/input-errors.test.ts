import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliToEnd } from '../helpers/cli.js';

// Nothing listens on port 1: had cbtest sent anything, the run would end 4 (transport), not 2 (usage).
const NOWHERE = 'http://127.0.0.1:1';

function schemaFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cbtest-schema-')), 'order.schema.json');
  writeFileSync(path, content);
  return path;
}

describe('bad input is exit 2 with one line naming the value and the fix', () => {
  it('a bare number as a duration needs a unit', async () => {
    const result = await runCliToEnd(['listen', '--port', '0', '--count', '1', '--timeout', '30']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('cbtest: --timeout 30 needs a unit: 30s or 30ms; durations are written like 500ms, 30s, 2m, 1h or 1m30s\n');
  });

  it('a duration beyond what a timer holds is refused, never turned into an instant timeout or answer', async () => {
    const timeout = await runCliToEnd(['listen', '--port', '0', '--count', '1', '--timeout', '600h']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toMatch(/^cbtest: --timeout 600h is longer than a timer can wait \(about 24 days\); use at most 596h\n$/);
    const delay = await runCliToEnd(['fire', '--rpc', `${NOWHERE}/rpc`, '--method', 'M', '--delay', '600h']);
    expect(delay.code).toBe(2);
    expect(delay.stderr).toMatch(/--delay 600h is longer than a timer can wait/);
  });

  it('-H with a line break, or -X that is not a method, stops send before it sends', async () => {
    const header = await runCliToEnd(['send', NOWHERE, '-H', 'X-Trace: a\r\nX-Injected: 1']);
    expect(header.code).toBe(2);
    expect(header.stderr).toBe("cbtest: -H 'X-Trace: a\\r\\nX-Injected: 1' carries a line break, which would end the header early; give each header its own -H, on one line\n");
    const method = await runCliToEnd(['send', NOWHERE, '-X', 'GE T']);
    expect(method.code).toBe(2);
    expect(method.stderr).toMatch(/^cbtest: -X 'GE T' is not an HTTP method; use a method name like GET/);
    const fire = await runCliToEnd(['fire', '--rpc', `${NOWHERE}/rpc`, '--method', 'M', '-H', 'X-Weather: ☃']);
    expect(fire.code).toBe(2);
    expect(fire.stderr).toMatch(/-H 'X-Weather: ☃' has a character a header cannot carry \(U\+2603/);
  });

  it('--expect-schema with a file that is not a schema, or of an unknown draft, names the file', async () => {
    const array = schemaFile('[1,2]');
    const notSchema = await runCliToEnd(['listen', '--port', '0', '--expect-schema', array, '--timeout', '5s']);
    expect(notSchema.code).toBe(2);
    expect(notSchema.stderr).toBe(`cbtest: --expect-schema ${array} holds an array, not a JSON Schema; a JSON Schema is an object like {"type":"object","required":["id"]}\n`);
    const draft3 = schemaFile('{"$schema":"http://json-schema.org/draft-03/schema#","type":"object"}');
    const unknown = await runCliToEnd(['listen', '--port', '0', '--expect-schema', draft3, '--timeout', '5s']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(new RegExp(`--expect-schema ${draft3.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} declares \\$schema "http://json-schema.org/draft-03/schema#", a draft cbtest does not know`));
  });
});
