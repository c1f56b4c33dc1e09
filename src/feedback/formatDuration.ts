/**
 * A countdown for people: "5 seconds", "1 minute 30 seconds", in the locale's words (long
 * unit names: an abbreviation's period would double up at the end of a sentence). Rounds up.
 */
export function formatDuration(ms: number, locale?: string): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  // A tag the browser rejects (e.g. "de_DE"): its default locale, rather than a crash.
  const known = canonical(locale);
  const unit = (value: number, name: 'second' | 'minute') =>
    new Intl.NumberFormat(known, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  if (total < 60) return unit(total, 'second');
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return seconds === 0 ? unit(minutes, 'minute') : `${unit(minutes, 'minute')} ${unit(seconds, 'second')}`;
}

const language = (tag: string) => tag.split(/[-_]/)[0]!.toLowerCase();

/** The tag as `Intl` writes it, or undefined for one it rejects. */
function canonical(tag: string | undefined): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * The locale a countdown is written in: the catalog's language (`FeedbackMessages.locale`), in
 * the app's regional form where the two are the same language ("de-CH" for a German catalog),
 * so a sentence never mixes languages ("Reconnecting in 12 secondes"). A catalog that does not
 * say its language takes the app's locale.
 */
export function countdownLocale(catalogLocale: string | undefined, locale: string | undefined): string | undefined {
  if (catalogLocale === undefined) return locale;
  if (locale === undefined) return catalogLocale;
  // The app's form only where Intl can read it ("de_DE" is not a tag): else the catalog's own.
  return language(locale) === language(catalogLocale) ? (canonical(locale) ?? catalogLocale) : catalogLocale;
}
