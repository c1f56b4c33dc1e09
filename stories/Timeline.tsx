export function Timeline({ entries }: { entries: string[] }) {
  return (
    // Focusable: once it outgrows its box it scrolls, and a keyboard must be able to scroll it too.
    <ol className="timeline" aria-label="timeline" tabIndex={0}>
      {entries.length === 0 ? <li>…</li> : entries.map((entry, index) => <li key={index}>{entry}</li>)}
    </ol>
  );
}
