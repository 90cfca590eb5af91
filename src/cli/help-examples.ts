/** Worked examples for a command's help: those that run as pasted, and those that need the user's own setup. */
export interface HelpExamples {
  /** Paste and they pass: against `cbtest serve --allow-http` on its default port, or needing nothing at all. */
  runnable: readonly string[];
  /** What the producer needs first, e.g. 'start the reference producer first: cbtest serve --allow-http'; null: nothing. */
  needs: string | null;
  /** Real-world shapes that need the user's own API, tunnel or files. */
  more?: readonly string[];
}

/** The heading a test looks for to run every example under it (test/ui/help-examples-run.test.ts). */
export const RUNNABLE_HEADING = 'Examples that run as pasted';

/** The help's "after" text: runnable examples first, under a heading that says what they need. */
export function formatHelpExamples(examples: HelpExamples): string {
  const heading = `${RUNNABLE_HEADING}${examples.needs ? ` (${examples.needs})` : ''}:`;
  const block = (examples: readonly string[]) => examples.flatMap((example) => example.split('\n')).map((line) => `  ${line}`).join('\n');
  const more = examples.more && examples.more.length > 0 ? `\n\nMore examples:\n${block(examples.more)}` : '';
  return `\n${heading}\n${block(examples.runnable)}${more}`;
}

/** What the fire examples need: serve accepts plain-http callback URLs only when told to. */
export const NEEDS_SERVE = 'start the reference producer first: cbtest serve --allow-http';
