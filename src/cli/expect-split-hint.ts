const EXPRESSION_FLAGS = new Set(['--expect', '--until', '--filter']);
const PREDICATE_WORDS = /^(==|!=|>=?|<=?|contains|startsWith|endsWith|matches|exists|not|is(String|Number|Boolean|Array|Object|Null))$/;

function looksLikeFlag(token: string): boolean {
  return token.startsWith('-') && !/^-\d/.test(token) && token !== '-';
}

/** How the user most likely meant the value: JSON and regexes as they are, bare words as JSON strings. */
function restoreValue(piece: string): string {
  if (/^\/.*\/[a-z]*$/.test(piece)) return piece;
  try {
    JSON.parse(piece);
    return piece;
  } catch {
    return JSON.stringify(piece);
  }
}

/**
 * `--expect $.body.status == "done"` without quotes reaches cbtest as four arguments: commander then sees
 * `==` and `done` as stray arguments. This names the flag, shows the pieces, and writes the quoted form.
 * Returns null when the arguments show no such split.
 */
export function shellSplitHint(args: readonly string[]): string | null {
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index]!;
    if (!EXPRESSION_FLAGS.has(flag)) continue;
    const value = args[index + 1];
    if (value === undefined || looksLikeFlag(value)) continue;
    const stray: string[] = [];
    for (let next = index + 2; next < args.length && !looksLikeFlag(args[next]!); next += 1) stray.push(args[next]!);
    if (stray.length === 0 || /\s/.test(value)) continue;
    if (!PREDICATE_WORDS.test(stray[0]!)) continue;
    const predicateWords = stray[0] === 'not' ? 2 : 1;
    const restored = [value, ...stray.slice(0, predicateWords), ...stray.slice(predicateWords).map(restoreValue)].join(' ');
    const pieces = [value, ...stray].map((piece) => `'${piece}'`).join(' ');
    return `${flag} got only '${value}': the shell split the expression at its spaces into ${pieces}; quote it whole: ${flag} '${restored}'`;
  }
  return null;
}
