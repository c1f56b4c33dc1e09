import { AnchorMdx, CodeOrSourceMdx, Markdown, Source } from '@storybook/addon-docs/blocks';
import type { AnchorHTMLAttributes, HTMLAttributes, ReactNode } from 'react';

/**
 * The docs pages that ship as Markdown in the package (docs/*.md), rendered in the Storybook
 * docs site: one text for both. Links between pages become links between docs pages; the live
 * examples of a page go after its introduction (the text before its first `##` heading).
 */

/** A docs/*.md file and the Storybook docs page that shows it. */
export const PAGES: Record<string, string> = {
  'useWebSocket.md': 'docs-usewebsocket--docs',
  'WebSocketProvider.md': 'docs-websocketprovider--docs',
  'policy.md': 'docs-reconnect-policy--docs',
  'closeCodes.md': 'docs-close-codes--docs',
  'useCloseFeedback.md': 'docs-useclosefeedback--docs',
  'CloseBanner.md': 'docs-closebanner--docs',
  'plugins.md': 'docs-plug-ins--docs',
  'backgroundTabs.md': 'docs-background-tabs--docs',
  'resume.md': 'docs-resume-after-reconnect--docs',
  'sharing.md': 'docs-sharing-sockets--docs',
  'core.md': 'docs-without-react--docs',
  'errors.md': 'docs-errors--docs',
  'devtools.md': 'docs-devtools--docs',
  'reactNative.md': 'docs-react-native--docs',
  'testing.md': 'docs-testing--docs',
  'storybook.md': 'docs-storybook-addon--docs',
  'recipes.md': 'docs-recipes--docs',
  'benchmarks.md': 'docs-benchmarks--docs',
  'api.md': 'docs-api-reference--docs',
  'migrating-from-react-use-websocket.md': 'docs-migrating-from-react-use-websocket--docs',
};

/** Where a link of a docs/*.md page points inside Storybook; null for a file only the package has. */
export function storybookHref(href: string): string | null {
  if (/^[a-z]+:/i.test(href) || href.startsWith('#') || href.startsWith('?')) return href;
  const [file = '', hash] = href.replace(/^\.\//, '').split('#');
  if (file === '../bench/results.md') return `?path=/docs/${PAGES['benchmarks.md']}`;
  const page = PAGES[file];
  return page ? `?path=/docs/${page}${hash ? `#${hash}` : ''}` : null;
}

function DocLink({ href = '', target = '', children }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  const to = storybookHref(href);
  if (to === null) return <>{children}</>;
  return (
    <AnchorMdx href={to} target={target}>
      {children}
    </AnchorMdx>
  );
}

/** The highlighter's names for the fences' languages. */
const LANGUAGES: Record<string, string> = { ts: 'typescript', tsx: 'tsx', bash: 'bash', json: 'json', css: 'css', nginx: 'bash' };

/** A fenced block becomes a highlighted snippet with a copy button; inline code stays inline. */
function DocCode({ className, children }: HTMLAttributes<HTMLElement>) {
  const fence = /\blang(?:uage)?-(\w+)/.exec(className ?? '');
  // Inline code: no class at all, or Storybook takes it for a block.
  if (!fence) return <CodeOrSourceMdx>{children}</CodeOrSourceMdx>;
  return <Source code={String(children).replace(/\n$/, '')} language={(LANGUAGES[fence[1]!] ?? 'typescript') as 'typescript'} dark />;
}

/** The snippet brings its own frame. */
const DocPre = ({ children }: HTMLAttributes<HTMLPreElement>) => <>{children}</>;

const options = { overrides: { a: { component: DocLink }, code: { component: DocCode }, pre: { component: DocPre } } };

export function DocPage({ source, children }: { source: string; children?: ReactNode }) {
  const split = source.search(/^## /m);
  const intro = split === -1 ? source : source.slice(0, split);
  const rest = split === -1 ? '' : source.slice(split);
  return (
    <>
      <Markdown options={options}>{intro}</Markdown>
      {children && (
        <>
          <h2>Live example</h2>
          {children}
        </>
      )}
      {rest && <Markdown options={options}>{rest}</Markdown>}
    </>
  );
}
