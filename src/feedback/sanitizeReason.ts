// C0/C1 controls, and the bidirectional overrides, embeddings and isolates (U+202A-U+202E,
// U+2066-U+2069) plus the marks that can reorder text around them (U+200E, U+200F, U+061C).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A server's close reason made safe to show as plain text: unsafe characters removed,
 * whitespace collapsed, and cut at 123 UTF-8 bytes without splitting a character.
 */
export function sanitizeReason(reason: unknown): string {
  if (typeof reason !== 'string') return '';
  const clean = reason.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const encoder = new TextEncoder();
  let bytes = 0;
  let result = '';
  for (const character of clean) {
    bytes += encoder.encode(character).length;
    if (bytes > 123) break;
    result += character;
  }
  return result;
}
