import type { Preview } from '@storybook/react-vite';
import '../src/react/close-banner.css';
import './demo.css';
import { themeForScheme } from './theme';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    // The Sockets panel (our own addon) on every story: these demos talk to the real demo server,
    // so the addon passes their sockets through and acts on them from the client's side. The
    // stories under "Addon" use its fake server instead.
    lifeline: { server: 'real' },
    controls: { expanded: true },
    // axe-core on every story's final state, in the story tests too: a violation fails the test.
    a11y: { test: 'error' },
    // Docs pages in the manager's colours, dark or light as the system says (the canvas follows through demo.css).
    docs: { theme: themeForScheme() },
    options: {
      // The sidebar, in this order; the first entry is what Storybook opens on.
      storySort: {
        order: [
          'Introduction',
          'Docs',
          ['useWebSocket', 'WebSocketProvider', 'Reconnect policy', 'Close codes', 'useCloseFeedback', 'CloseBanner', 'Plug-ins', 'Resume after reconnect', 'Background tabs', 'Sharing sockets', 'Recipes', 'Devtools', 'React Native', 'Testing', 'Storybook addon', '*', 'API reference', 'Benchmarks'],
          'Guides',
          ['Connection', 'Sessions', 'Cross-tab sharing'],
          'Close codes',
          'Feedback',
          ['useCloseFeedback', '*'],
          'Toasts',
          'Policy',
          'Presets',
          'Addon',
          'Failure modes',
          '*',
        ],
      },
    },
  },
};

export default preview;
