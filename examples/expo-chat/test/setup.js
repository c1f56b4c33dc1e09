/* global jest */
// Runs before each test file imports anything.

// What React Native's InitializeCore does on a phone (setUpNavigator), which the Jest preset does not run.
if (globalThis.navigator === undefined) globalThis.navigator = { product: 'ReactNative' };
else Object.defineProperty(globalThis.navigator, 'product', { configurable: true, get: () => 'ReactNative' });

// NetInfo's official Jest mock.
jest.mock('@react-native-community/netinfo', () => jest.requireActual('@react-native-community/netinfo/jest/netinfo-mock.js'));

// Every read of `window` or `document` is recorded with its stack, so a test can fail when
// react-lifeline's code (the packed package in node_modules) reads one. The values stay what
// the preset made them (`window` is the global, `document` is undefined), so React Native's and
// the test tools' own reads keep working.
globalThis.__domReads = [];
for (const name of ['window', 'document']) {
  const value = globalThis[name];
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      globalThis.__domReads.push({ name, stack: new Error().stack ?? '' });
      return value;
    },
  });
}
