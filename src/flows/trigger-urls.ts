const TRIGGER_KEY = /trigger|resume|activate|continue/i;
const MAX_DEPTH = 6;

/**
 * URLs an acknowledgment hands back for the user to call later (a paused flow's `triggerUrl`): found by member name
 * anywhere in the body, so they can be printed whole on a line of their own instead of cut inside a preview.
 */
export function findTriggerUrls(body: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string, depth: number): void => {
    if (depth > MAX_DEPTH || found.length >= 10) return;
    if (typeof value === 'string') {
      if (TRIGGER_KEY.test(key) && /^https?:\/\//.test(value) && !found.includes(value)) found.push(value);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    // Array items inherit their array's name: `triggers: ["http://…"]`.
    if (Array.isArray(value)) for (const item of value) visit(item, key, depth + 1);
    else for (const [name, item] of Object.entries(value)) visit(item, name, depth + 1);
  };
  visit(body, '', 0);
  return found;
}
