import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliToEnd } from '../helpers/cli.js';
import { startReferenceProducer, type Running } from '../helpers/producers.js';

let producer: Running;
beforeAll(async () => {
  producer = await startReferenceProducer();
});
afterAll(() => producer.close());

async function untilStderr(run: ReturnType<typeof runCli>, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pattern.exec(run.stderr());
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${pattern} on stderr:\n${run.stderr()}\nstdout:\n${run.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a paused flow's trigger URL in plain mode", () => {
  it('is printed whole on a line of its own, and sending to it completes the run', async () => {
    const run = runCli(['fire', '--rpc', `${producer.url}/rpc`, '--method', 'FlowService.start', '--params', '{"order":{"orderId":"12345"}}', '--expect', '$.body.result.status == "completed"']);
    const [line, url] = await untilStderr(run, /^trigger URL \(cbtest send it to continue the flow\): (\S+)$/m);
    expect(url).toMatch(new RegExp(`^${producer.url}/api/automation/flow/[\\w-]+/trigger/[\\w-]+/activate$`));
    expect(line.length).toBeGreaterThan(100);
    const sent = await runCliToEnd(['send', url!, '--data', '{"paid":true}']);
    expect(sent.code).toBe(0);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/PASS 1 callback/);
  });
});
