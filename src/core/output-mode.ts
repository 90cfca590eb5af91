export type OutputMode = 'tui' | 'plain' | 'json';

export interface OutputModeInputs {
  json: boolean;
  /** false when --no-tui was given. */
  tui: boolean;
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** Chooses the output mode once, before anything heavy is loaded: Ink only on a real interactive terminal. */
export function chooseOutputMode({ json, tui, isTTY, env }: OutputModeInputs): OutputMode {
  if (json) return 'json';
  if (!tui || !isTTY) return 'plain';
  if (env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI !== 'false') return 'plain';
  if (env.TERM === 'dumb') return 'plain';
  return 'tui';
}

/** Colour on a TTY unless NO_COLOR/--no-color; FORCE_COLOR turns it on anywhere. */
export function wantsColor({ isTTY, env, noColor }: { isTTY: boolean; env: OutputModeInputs['env']; noColor: boolean }): boolean {
  if (noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY && env.TERM !== 'dumb';
}
