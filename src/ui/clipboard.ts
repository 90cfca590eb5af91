/**
 * OSC 52 asks the terminal to put text on the system clipboard (xterm, iTerm2, kitty, WezTerm, tmux, Windows
 * Terminal); terminals without it ignore the sequence. The text is base64, so nothing in it reaches the screen.
 */
export function copyToClipboard(stdout: NodeJS.WriteStream, text: string): boolean {
  if (!stdout.isTTY) return false;
  stdout.write(`\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`);
  return true;
}
