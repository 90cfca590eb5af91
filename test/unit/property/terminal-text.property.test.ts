import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControlChars, escapeKeepingLayout, previewText } from '../../../src/core/terminal-text.js';

// The oracle is Unicode's own classes, not the escaper's list: C0, DEL and C1 are Cc; bidi controls are Bidi_Control.
const CONTROL = /[\p{Cc}\p{Bidi_Control}]/u;
const CONTROL_BUT_LAYOUT = /(?![\n\t])[\p{Cc}\p{Bidi_Control}]/u;

// Mostly the characters that matter (controls, bidi, escapes), mixed with any code point at all.
const hostileChar = fc.oneof(
  fc.integer({ min: 0, max: 0x20 }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x7f, max: 0x9f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u001b[2J', '\\', 'é'),
  fc.string({ unit: 'binary', maxLength: 1 }),
);
const hostileText = fc.array(hostileChar, { maxLength: 60 }).map((chars) => chars.join(''));

describe('the terminal escaper (property)', () => {
  it('prints no C0, C1 or bidi control, whatever a payload holds', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 120 }), (text, max) => {
        expect(escapeControlChars(text)).not.toMatch(CONTROL);
        expect(previewText(text, max)).not.toMatch(CONTROL);
        expect(escapeKeepingLayout(text)).not.toMatch(CONTROL_BUT_LAYOUT);
      }),
    );
  });

  it('leaves text without controls exactly as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }).filter((text) => !CONTROL.test(text)), (text) => {
        expect(escapeControlChars(text)).toBe(text);
      }),
    );
  });
});
