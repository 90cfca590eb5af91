/** Polls until `find` returns a value; fails with `what` after `limitMs`. Not a timing assertion: a hang guard. */
export async function waitFor<T>(find: () => T | undefined, what: string, limitMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
