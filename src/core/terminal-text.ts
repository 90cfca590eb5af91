/**
 * Payload text is hostile until proven otherwise: a callback body can carry escape sequences that clear,
 * recolour or retitle the terminal. Everything a payload puts on screen goes through here.
 */

// C0 controls, DEL, C1 controls, and the bidi controls (Unicode's Bidi_Control, U+061C included) that can reorder what a line appears to say.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEP_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(char: string): string {
  switch (char) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** One-line safe form: every control character, newlines included, shown as an escape. */
export function escapeControlChars(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Multi-line safe form for detail views: newlines and tabs kept, everything else escaped. */
export function escapeKeepingLayout(text: string): string {
  return text.replace(UNSAFE_KEEP_LAYOUT, escapeChar);
}

/** Cuts text to `max` characters with a visible marker saying how much was left out. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}… (+${text.length - max + 1} chars)`;
}

/** A short, safe, single-line preview of a payload. */
export function previewText(text: string, max = 80): string {
  return truncate(escapeControlChars(text), max);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)}MiB`;
}
