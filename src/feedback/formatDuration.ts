/**
 * A countdown for people: "5 seconds", "1 minute 30 seconds", in the locale's words (long
 * unit names: an abbreviation's period would double up at the end of a sentence). Rounds up.
 */
export function formatDuration(ms: number, locale?: string): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  let known: string | undefined;
  try {
    known = Intl.getCanonicalLocales(locale)[0];
  } catch {
    // A tag the browser rejects (e.g. "de_DE"): its default locale, rather than a crash.
  }
  const unit = (value: number, name: 'second' | 'minute') =>
    new Intl.NumberFormat(known, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  if (total < 60) return unit(total, 'second');
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return seconds === 0 ? unit(minutes, 'minute') : `${unit(minutes, 'minute')} ${unit(seconds, 'second')}`;
}
