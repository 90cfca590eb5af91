import type { Command } from 'commander';
import type { RpcModeOptions } from '../run/modes/rpc-mode.js';
import { rpcMode } from '../run/modes/rpc-mode.js';
import type { CommandContext } from './command-context.js';
import { planFire } from './fire.js';
import { formatHelpExamples } from './help-examples.js';
import { addSignOptions, parseSignOptions } from './options/sender-options.js';
import { runSessionCommand } from './session-command.js';
import { addOutputOptions, defaultReceiverPlan, toOutputPlan, type RawOptions } from './shared-options.js';
import { noSenderChecks } from '../senders/sender-checks.js';

const DEMO_EXPECTATIONS = ['$.body.result.status == "completed"', '$.body.result.totalAmount isNumber', "$.headers['x-request-id'] exists"];
const DEMO_TIMEOUT_MS = 15_000;

export function registerDemo(program: Command, context: CommandContext): void {
  const command = program
    .command('demo')
    .description('the whole loop in one command: start the reference producer, fire a JSON-RPC call with a callback URL, watch the callback land, judge it')
    .addHelpText(
      'after',
      formatHelpExamples({
        needs: null,
        runnable: [
          'cbtest demo',
          '# the producer signs each callback and the receiver checks the signature',
          'cbtest demo --sign standard-webhooks --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        ],
        more: ['cbtest demo --json --record demo.ndjson --report junit:demo.xml', "cbtest fire --rpc --help    the same loop against your own API ('cbtest help fire rpc' too)"],
      }),
    );
  addOutputOptions(command);
  addSignOptions(command);
  command.action(async (raw: RawOptions) => {
    const { startProducer } = await import('../serve/producer.js');
    // Slow enough work that the wait is visible in the dashboard; --sign signs the callbacks and the receiver checks them.
    const signer = parseSignOptions(raw);
    const producer = await startProducer({ port: 0, host: '127.0.0.1', allowHttp: true, processingDelayMs: 1200, signer });
    try {
      // Exactly `cbtest fire --rpc … --expect …`, against the producer just started, from typed values.
      const options: RpcModeOptions = {
        url: `${producer.url}/rpc`,
        method: 'OrderService.processOrder',
        params: { orderId: '12345' },
        id: 'demo-order-12345',
        jsonrpcVersion: '2.0',
        headers: {},
      };
      const plan = await planFire(rpcMode, options, {
        wait: { count: null, until: null, expect: DEMO_EXPECTATIONS, expectSchema: null, timeoutMs: DEMO_TIMEOUT_MS },
        // With --sign, the receiver checks what the producer signed: the loop verified.
        receiver: { ...defaultReceiverPlan(), senders: { ...noSenderChecks, verify: signer } },
        output: toOutputPlan(raw, { isTTY: context.io.stdout.isTTY === true, env: context.io.env }),
      });
      await runSessionCommand({ ...plan, title: `cbtest demo: ${plan.title.replace(/^cbtest /, '')}` }, context);
    } finally {
      await producer.close();
    }
  });
}
