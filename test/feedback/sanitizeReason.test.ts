import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from '../../src/core/assertCloseArgs';
import { sanitizeReason } from '../../src/feedback/sanitizeReason';

describe('sanitizeReason', () => {
  it('keeps markup as inert text (rendering is React text nodes)', () => {
    expect(sanitizeReason('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it.each([
    ['right-to-left override', 'abc\u202Egnp.exe', 'abc gnp.exe'],
    ['isolates and marks', '\u2066a\u2069\u200Fb\u061C', 'a b'],
    ['C0 and C1 controls', 'a\u0000b\u001bc\u0085d\u007f', 'a b c d'],
    ['newlines and tabs', 'line 1\n\tline 2', 'line 1 line 2'],
  ])('removes %s', (_label, input, output) => {
    expect(sanitizeReason(input)).toBe(output);
  });

  it('cuts at 123 UTF-8 bytes without splitting a character', () => {
    expect(utf8ByteLength(sanitizeReason('x'.repeat(500)))).toBe(123);
    const emoji = sanitizeReason('😀'.repeat(40)); // 4 bytes each
    expect(emoji).toBe('😀'.repeat(30));
    expect(utf8ByteLength(sanitizeReason('é'.repeat(100)))).toBe(122);
  });

  it('returns an empty string for non-strings', () => {
    expect(sanitizeReason(undefined)).toBe('');
    expect(sanitizeReason({ toString: () => 'x' })).toBe('');
  });
});
