import { STORY_RENDERED } from 'storybook/internal/core-events';
import { addons } from 'storybook/manager-api';
import { darkTheme, lightTheme, themeForScheme } from './theme';

/** Our addon's panel (src/storybook/protocol.ts PANEL_ID). */
const SOCKETS_PANEL = 'react-lifeline/panel';

addons.setConfig({
  // The branded theme, dark or light as the operating system says, from the first paint.
  theme: themeForScheme(),
  // Guides, Close codes, Feedback, Toasts, Policy, Presets as one list of folders, in the order
  // preview.tsx sorts them (with roots, Storybook would lift the one-level groups above the others).
  sidebar: { showRoots: false },
  // The Sockets panel (our addon) docked right, wide enough for its tab strip, its table and its
  // timeline at 1280x800; the sidebar a little narrower to leave the canvas room.
  layout: {
    panelPosition: 'right',
    navSize: 220,
    rightPanelWidth: 500,
    recentVisibleSizes: { navSize: 220, bottomPanelHeight: 300, rightPanelWidth: 500 },
  },
  selectedPanel: SOCKETS_PANEL,
});

// The Sockets panel open on arrival (Storybook picks its first panel once they are all
// registered); a link that names a panel, or the visitor's own choice later, wins.
addons.register('react-lifeline/sockets-first', (api) => {
  if (new URLSearchParams(window.location.search).has('addonPanel')) return;
  const select = () => {
    api.off(STORY_RENDERED, select);
    api.setSelectedPanel(SOCKETS_PANEL);
  };
  api.on(STORY_RENDERED, select);
});

// And when the system switches while Storybook is open.
addons.register('react-lifeline/color-scheme', (api) => {
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (event) => {
    api.setOptions({ theme: event.matches ? darkTheme : lightTheme });
  });
});
