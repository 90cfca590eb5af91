/** The one clock format of every view (plain lines and the dashboard): local time, HH:MM:SS.mmm, like a terminal's. */
export function formatClock(at: string | number | Date): string {
  const date = at instanceof Date ? at : new Date(at);
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}
