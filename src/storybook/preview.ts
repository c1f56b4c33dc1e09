import { withLifeline } from './withLifeline';

// What `addons: ['react-lifeline/storybook']` adds to every story's preview.
export const decorators = [withLifeline];
