import { create } from 'storybook/theming';

/**
 * The colours of `src/react/close-banner.css`, so the Storybook chrome, the demo chrome
 * (.storybook/demo.css) and the banner speak one language. Keep them in step with that file.
 */
export const tokens = {
  info: { bg: '#eef4ff', border: '#9db8f2', fg: '#1d3a78' },
  success: { bg: '#ecf8ef', border: '#8cc99c', fg: '#1d5a2c' },
  warning: { bg: '#fff6e5', border: '#e5b75c', fg: '#6b4400' },
  error: { bg: '#fdeeee', border: '#e39a9a', fg: '#7a1c1c' },
} as const;

/** Page colours of the demo chrome in each scheme (the same values as demo.css). */
const surface = {
  light: { bg: '#ffffff', app: '#f6f8fa', text: '#1f2328', muted: '#59636e', border: '#d1d9e0' },
  dark: { bg: '#0f1420', app: '#161b26', text: '#e6edf3', muted: '#9ba6b4', border: '#333c4d' },
} as const;

/** The mark: a pulse (the lifeline) on the banner's info blue, then the name. */
function brandImage(scheme: 'light' | 'dark'): string {
  const { text } = surface[scheme];
  const svg = [
    '<svg xmlns="http://www.w3.org/2000/svg" width="150" height="28" viewBox="0 0 150 28">',
    `<rect x="0.75" y="0.75" width="26.5" height="26.5" rx="7" fill="${tokens.info.fg}" stroke="${tokens.info.border}" stroke-width="1.5"/>`,
    `<path d="M4.5 15h5l2.2-6.5 3.6 12 2.6-8.5 1.4 3H23.5" fill="none" stroke="${tokens.success.border}" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>`,
    `<text x="35" y="19.5" textLength="113" lengthAdjust="spacingAndGlyphs" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="15" font-weight="600" fill="${text}">react-lifeline</text>`,
    '</svg>',
  ].join('');
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

const brand = {
  brandTitle: 'react-lifeline',
  brandUrl: 'https://www.npmjs.com/package/react-lifeline',
  brandTarget: '_blank',
  fontBase: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  fontCode: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
} as const;

export const lightTheme = create({
  ...brand,
  base: 'light',
  brandImage: brandImage('light'),
  colorPrimary: tokens.info.fg,
  colorSecondary: tokens.info.fg,
  appBg: surface.light.app,
  appContentBg: surface.light.bg,
  appPreviewBg: surface.light.bg,
  appBorderColor: surface.light.border,
  textColor: surface.light.text,
  textMutedColor: surface.light.muted,
  barBg: surface.light.bg,
  barSelectedColor: tokens.info.fg,
});

export const darkTheme = create({
  ...brand,
  base: 'dark',
  brandImage: brandImage('dark'),
  colorPrimary: tokens.info.border,
  // Links on the dark surface (7.5:1), and darkened by Storybook under a selected sidebar item's white text (4.9:1).
  colorSecondary: '#86a5ec',
  appBg: surface.dark.app,
  appContentBg: surface.dark.bg,
  appPreviewBg: surface.dark.bg,
  appBorderColor: surface.dark.border,
  textColor: surface.dark.text,
  textMutedColor: surface.dark.muted,
  barBg: surface.dark.bg,
  barSelectedColor: tokens.info.border,
});

/** Dark or light, as the operating system says. */
export function prefersDark(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
}

export const themeForScheme = (): typeof lightTheme => (prefersDark() ? darkTheme : lightTheme);
