import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from 'react-lifeline/core';

// Any code points (surrogates alone, too), as a string: cheaper than fast-check's 'binary' strings.
const codePoints = (min: number, max: number) => fc.array(fc.integer({ min, max }), { maxLength: 20 }).map((points) => String.fromCodePoint(...points));

describe('utf8ByteLength (counted without TextEncoder, which older Hermes lacks)', () => {
  it('counts what TextEncoder encodes, for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(codePoints(0, 0x10ffff), codePoints(0xd800, 0xdfff), (text, surrogates) => {
        for (const sample of [text, surrogates, text + surrogates]) expect(utf8ByteLength(sample)).toBe(new TextEncoder().encode(sample).length);
      }),
      { seed: 23, numRuns: 300 },
    );
  });

  it('counts each width of character', () => {
    expect([utf8ByteLength(''), utf8ByteLength('a'), utf8ByteLength('é'), utf8ByteLength('✓'), utf8ByteLength('😀'), utf8ByteLength('\ud800')]).toEqual([0, 1, 2, 3, 4, 3]);
  });
});
