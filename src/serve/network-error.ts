/** One line for a failed connection: the system code when there is one (ECONNREFUSED, ENOTFOUND...). */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = (error as { code?: unknown }).code;
  if (cause instanceof Error && cause.message) return cause.message;
  if (typeof code === 'string' && !error.message.includes(code)) return `${error.message} (${code})`;
  return error.message;
}
