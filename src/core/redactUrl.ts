// The scheme; credentials (anything up to an @ before the host, quotes included: a password may
// hold one); the host and path, kept; the query and fragment. A quote ends the host and path,
// since messages quote URLs.
const URL_IN_TEXT = /\b([a-z][a-z\d+.-]*:\/\/)(?:[^\s/?#@]*@)?([^\s?#"'`]*)(?:[?#][^\s"'`]*)?/gi;

/**
 * A URL, or any text that quotes one, as safe to show: every URL in it without its
 * credentials (`user:password@`), query and fragment, where tokens live. The one rule for
 * errors, logs, callback arguments, panels and timelines.
 *
 * @example
 * redactUrl('wss://me:secret@example.com/chat?token=abc'); // 'wss://example.com/chat'
 */
export const redactUrl = (text: unknown): string =>
  typeof text === 'function' ? '(URL from a function)' : String(text).replace(URL_IN_TEXT, '$1$2');
