import type { Command } from 'commander';
import type { Judge } from '../run/judge.js';
import type { CommandContext } from './command-context.js';
import { addOutputOptions, toOutputPlan, type RawOptions } from './shared-options.js';

const DEMO_EXPECTATIONS = ['$.body.result.status == "completed"', '$.body.result.totalAmount isNumber', "$.headers['x-request-id'] exists"];

export function registerDemo(program: Command, context: CommandContext): void {
  const command = program
    .command('demo')
    .description('the whole loop in one command: start the reference producer, fire a JSON-RPC call with a callback URL, watch the callback land, judge it');
  addOutputOptions(command);
  command.action(async (raw: RawOptions) => {
    const { startProducer } = await import('../serve/producer.js');
    const { parseExpectation } = await import('../core/assertions/index.js');
    const { createRpcFlow } = await import('../flows/rpc.js');
    const { defaultResponseRules } = await import('../receiver/response-rules.js');
    const { Judge } = await import('../run/judge.js');
    const producer = await startProducer({ port: 0, host: '127.0.0.1', allowHttp: true, processingDelayMs: 1200 });
    try {
      let judge: Judge | null = null;
      const flow = createRpcFlow(
        {
          url: `${producer.url}/rpc`,
          method: 'OrderService.processOrder',
          params: { orderId: '12345' },
          id: 'demo-order-12345',
          jsonrpcVersion: '2.0',
          headers: {},
          timeoutMs: 15_000,
        },
        () => judge!,
      );
      judge = new Judge({ expectations: DEMO_EXPECTATIONS.map((text) => ({ text, expectation: parseExpectation(text) })), until: null, schemas: [], flow });
      const plan = {
        title: `cbtest demo: fire --rpc ${producer.url}/rpc --method OrderService.processOrder`,
        receiver: { port: 0, host: '127.0.0.1', https: false, publicUrl: null, tunnel: null, forwardTo: null, rules: defaultResponseRules, bodyLimit: 10 * 1024 * 1024 },
        output: toOutputPlan(raw, { isTTY: context.io.stdout.isTTY === true, env: context.io.env }),
        wait: { count: 1, timeoutMs: 15_000, description: flow.awaited.description },
        judge,
        flow,
      };
      const { runSession } = await import('../run/run-session.js');
      context.setExitCode(await runSession(plan, context.io));
    } finally {
      await producer.close();
    }
  });
}
