import { spawn } from 'node:child_process';

/** The command that hands a URL to the desktop's browser on this platform. */
export function browserCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` would split the URL at '&'; the URL protocol handler takes it whole.
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Opens the URL in the system browser, detached; a missing opener (a server, CI) is not an error: the URL is printed too. */
export function openInBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  const { command, args } = browserCommand(platform, url);
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // spawn throws synchronously only for invalid arguments; the printed URL is the fallback.
  }
}
