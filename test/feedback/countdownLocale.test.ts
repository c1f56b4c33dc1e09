import { describe, expect, it } from 'vitest';
import { countdownLocale, formatDuration } from '../../src/feedback/formatDuration';

describe('the countdown is written in the catalog language', () => {
  it('with a German catalog and an app locale written with an underscore ("de_DE"), the countdown is German', () => {
    expect(formatDuration(12_000, 'de')).toBe('12 Sekunden');
    // Same language as the catalog, but a tag Intl rejects: the catalog's language must win, not the runtime's default.
    expect(formatDuration(12_000, countdownLocale('de', 'de_DE'))).toBe('12 Sekunden');
  });
});
