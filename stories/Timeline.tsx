export function Timeline({ entries }: { entries: string[] }) {
  return (
    <ol className="timeline" aria-label="timeline">
      {entries.length === 0 ? <li>…</li> : entries.map((entry, index) => <li key={index}>{entry}</li>)}
    </ol>
  );
}
