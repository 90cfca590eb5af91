import type { Socket } from 'node:net';

const TICK_MS = 15;
const QUIET_TICKS = 2;
const LONGEST_MS = 500;

/**
 * Waits until `sockets` have written nothing new and buffer nothing for a few ticks, or at most `LONGEST_MS`.
 * A response the receiver just sent still has to hop from the local socket onto the tunnel socket; closing
 * the tunnel in between would cut it off and the sender would see a failed delivery.
 */
export async function waitForQuietSockets(sockets: ReadonlySet<Socket>): Promise<void> {
  const written = (): number => {
    let total = 0;
    // A socket holding unsent bytes is never quiet: count it as a change every tick.
    for (const socket of sockets) total += socket.writableLength > 0 ? Number.NaN : socket.bytesWritten;
    return total;
  };
  const started = Date.now();
  let last = written();
  let quiet = 0;
  while (quiet < QUIET_TICKS && Date.now() - started < LONGEST_MS) {
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    const now = written();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}
