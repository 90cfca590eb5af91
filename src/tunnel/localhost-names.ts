import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent } from 'undici';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** True for names under `.localhost`, which RFC 6761 reserves for loopback (browsers and curl resolve them so). */
export function isLocalhostSubdomain(hostname: string): boolean {
  return hostname.toLowerCase().endsWith('.localhost');
}

/**
 * A `net.connect` lookup that sends `*.localhost` to 127.0.0.1 and everything else to the system resolver;
 * the system resolver often does not know them, and a tunnel served on loopback hands out such names.
 */
export function lookupWithLocalhostSubdomains(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  if (!isLocalhostSubdomain(hostname)) {
    dns.lookup(hostname, options, callback as (error: NodeJS.ErrnoException | null, address: string | LookupAddress[]) => void);
    return;
  }
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}

/** An undici Agent that resolves `*.localhost` to loopback; whoever creates it closes it. */
export function createLocalhostAwareAgent(): Agent {
  return new Agent({ connect: { lookup: lookupWithLocalhostSubdomains } });
}
