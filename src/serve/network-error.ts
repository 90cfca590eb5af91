/** One line for a failed connection: the system code when there is one (ECONNREFUSED, ENOTFOUND...). */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // localhost tried as ::1 and 127.0.0.1 at once: the first address's failure says what happened.
  const first = (error as { errors?: unknown[] }).errors?.[0];
  if (first instanceof Error) return describeNetworkError(first);
  const cause = (error as { cause?: unknown }).cause;
  const code = (error as { code?: unknown }).code;
  if (cause instanceof Error && cause.message) return cause.message;
  if (typeof code === 'string' && !error.message.includes(code)) return `${error.message} (${code})`;
  return error.message;
}
