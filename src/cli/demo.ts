import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { planFire } from './fire.js';
import { addSignOptions, parseSignOptions } from './options/sender-options.js';
import { rpcModeFlow } from './fire-rpc.js';
import { addOutputOptions, RECEIVER_DEFAULTS, type RawOptions } from './shared-options.js';

const DEMO_EXPECTATIONS = ['$.body.result.status == "completed"', '$.body.result.totalAmount isNumber', "$.headers['x-request-id'] exists"];

export function registerDemo(program: Command, context: CommandContext): void {
  const command = program
    .command('demo')
    .description('the whole loop in one command: start the reference producer, fire a JSON-RPC call with a callback URL, watch the callback land, judge it');
  addOutputOptions(command);
  addSignOptions(command);
  command.action(async (raw: RawOptions) => {
    const { startProducer } = await import('../serve/producer.js');
    // Slow enough work that the wait is visible in the dashboard; --sign signs the callbacks and the receiver checks them.
    const signer = parseSignOptions(raw);
    const producer = await startProducer({ port: 0, host: '127.0.0.1', allowHttp: true, processingDelayMs: 1200, signer });
    try {
      // Exactly `cbtest fire --rpc … --expect …`, against the producer just started.
      const plan = await planFire(
        rpcModeFlow,
        {
          ...RECEIVER_DEFAULTS,
          ...raw,
          sign: undefined,
          verify: raw.sign,
          port: '0',
          rpc: `${producer.url}/rpc`,
          method: 'OrderService.processOrder',
          params: '{"orderId":"12345"}',
          id: '"demo-order-12345"',
          jsonrpcVersion: '2.0',
          expect: DEMO_EXPECTATIONS,
          timeout: '15s',
        },
        context,
      );
      const { runSession } = await import('../run/run-session.js');
      context.setExitCode(await runSession({ ...plan, title: `cbtest demo: ${plan.title.replace(/^cbtest /, '')}` }, context.io));
    } finally {
      await producer.close();
    }
  });
}
