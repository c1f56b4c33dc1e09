import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());

// `waitFor` and `findBy…` wait for an event, not for a time: their default (1 s) is a verdict
// on the machine's speed. On a busy machine the event still comes, later.
configure({ asyncUtilTimeout: 15_000 });
