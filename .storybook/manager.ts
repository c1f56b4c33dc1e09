import { addons } from 'storybook/manager-api';
import { darkTheme, lightTheme, themeForScheme } from './theme';

addons.setConfig({
  // The branded theme, dark or light as the operating system says, from the first paint.
  theme: themeForScheme(),
  // Guides, Close codes, Feedback, Toasts, Policy, Presets as one list of folders, in the order
  // preview.tsx sorts them (with roots, Storybook would lift the one-level groups above the others).
  sidebar: { showRoots: false },
});

// And when the system switches while Storybook is open.
addons.register('react-lifeline/color-scheme', (api) => {
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (event) => {
    api.setOptions({ theme: event.matches ? darkTheme : lightTheme });
  });
});
