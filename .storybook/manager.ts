import { addons } from 'storybook/manager-api';
import { darkTheme, lightTheme, themeForScheme } from './theme';

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
    navSize: 230,
    rightPanelWidth: 470,
    recentVisibleSizes: { navSize: 230, bottomPanelHeight: 300, rightPanelWidth: 470 },
  },
  selectedPanel: 'react-lifeline/panel',
});

// And when the system switches while Storybook is open.
addons.register('react-lifeline/color-scheme', (api) => {
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (event) => {
    api.setOptions({ theme: event.matches ? darkTheme : lightTheme });
  });
});
