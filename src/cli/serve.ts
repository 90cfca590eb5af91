import { Option, type Command } from 'commander';
import { parseDuration } from '../core/duration.js';
import { escapeControlChars } from '../core/terminal-text.js';
import type { CommandContext } from './command-context.js';
import { addSignOptions, parseSignOptions } from './options/sender-options.js';
import { parseInteger } from './parse-values.js';
import { readArgumentText } from './json-argument.js';
import { collect, type RawOptions } from './shared-options.js';

export const DEFAULT_SERVE_PORT = 5050;

export function registerServe(program: Command, context: CommandContext): void {
  const command = program
    .command('serve')
    .description('run the reference callback producer: JSON-RPC $rpc.callback, REST subscriptions, a flow with an external trigger, an OAuth authorize redirect')
    .option('--port <n>', 'port to serve on', String(DEFAULT_SERVE_PORT))
    .option('--host <addr>', 'address to serve on', '127.0.0.1')
    .option('--allow-http', 'accept plain-http callback URLs (real producers demand https)')
    .addOption(new Option('--ack-style <style>', 'acknowledgment shape').choices(['callback', 'async']).default('callback'))
    .option('--processing-delay <duration>', 'how long the simulated work takes before the callback', '300ms')
    .option('--require-token <token>', 'flow triggers need this user-token header')
    .addOption(new Option('--on-fail <policy>', 'what a trigger without the right token gets').choices(['error', 'ignore']).default('error'))
    .addOption(new Option('--probe <style>', 'how a callback URL is checked before it is accepted').choices(['options', 'post', 'none']).default('options'))
    .option('--trust-cert <pem>', "trust this certificate when calling back (e.g. the one 'cbtest listen --https' prints; repeatable)", collect)
    .option('--retries <n>', 'retries of a callback answered non-2xx or not answered, with a doubling backoff (Retry-After wins)', '2')
    .option('--retry-backoff <duration>', 'the first wait before a retry, doubled each time', '250ms');
  addSignOptions(command);
  command
    .addHelpText('after', `\nExample:\n  cbtest serve --allow-http &\n  cbtest fire --rpc http://127.0.0.1:${DEFAULT_SERVE_PORT}/rpc --method OrderService.processOrder --params '{"orderId":"1"}'`)
    .action(async (raw: RawOptions) => {
      const { startProducer } = await import('../serve/producer.js');
      const { io } = context;
      const producer = await startProducer({
        port: parseInteger(String(raw.port), '--port', { min: 0, max: 65535 }),
        host: String(raw.host),
        allowHttp: raw.allowHttp === true,
        ackStyle: raw.ackStyle as 'callback' | 'async',
        processingDelayMs: parseDuration(String(raw.processingDelay), '--processing-delay'),
        flowAuth: { requireToken: (raw.requireToken as string | undefined) ?? null, onFail: raw.onFail as 'error' | 'ignore' },
        probe: raw.probe as 'options' | 'post' | 'none',
        retry: { attempts: 1 + parseInteger(String(raw.retries), '--retries', { min: 0, max: 100 }), baseDelayMs: parseDuration(String(raw.retryBackoff), '--retry-backoff') },
        signer: parseSignOptions(raw),
        trustCertificates: ((raw.trustCert as string[] | undefined) ?? []).map((path) => readArgumentText(`@${path}`, '--trust-cert')),
        log: (line) => io.stdout.write(`${new Date().toISOString().slice(11, 23)}  ${escapeControlChars(line)}\n`),
      });
      io.stdout.write(`serving ${producer.url}  (GET ${producer.url}/ lists what it speaks; Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await producer.close();
      context.setExitCode(0);
    });
}
