import { createContext, useContext } from 'react';

/** What a piece of text means; the theme decides how (or whether) that is coloured. */
export type Tone = 'ok' | 'bad' | 'warn' | 'muted' | 'accent' | 'info' | 'key' | 'string' | 'number' | 'literal';

export interface Theme {
  color: boolean;
  /** The ink colour for a tone, or undefined when colour is off (NO_COLOR, --no-color). */
  colorOf: (tone: Tone | undefined) => string | undefined;
}

const PALETTE: Record<Tone, string> = {
  ok: 'green',
  bad: 'red',
  warn: 'yellow',
  muted: 'gray',
  accent: 'cyan',
  info: 'blue',
  key: 'cyan',
  string: 'green',
  number: 'yellow',
  literal: 'magenta',
};

export function createTheme(color: boolean): Theme {
  return {
    color,
    colorOf: (tone) => (color && tone ? PALETTE[tone] : undefined),
  };
}

export const ThemeContext = createContext<Theme>(createTheme(true));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Status codes read at a glance: 2xx fine, 3xx informative, 4xx the sender's problem, 5xx ours. */
export function statusTone(status: number | undefined): Tone | undefined {
  if (status === undefined) return undefined;
  if (status >= 500) return 'bad';
  if (status >= 400) return 'warn';
  if (status >= 300) return 'info';
  if (status >= 200) return 'ok';
  return undefined;
}
