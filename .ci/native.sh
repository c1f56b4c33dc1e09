#!/usr/bin/env bash
# React Native and Expo: the example app (examples/expo-chat) on the packed package, installed
# from its own lockfile. Its TypeScript, its Jest suite under the jest-expo preset (a real `ws`
# server on 127.0.0.1, NetInfo and AppState through their Jest mocks, no DOM global read), its
# web bundle, and the core's bundle in a context without URL, window or document.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI=true

[ -f dist/native/index.js ] || npm run build
rm -f react-lifeline-*.tgz
tarball="$PWD/$(npm pack --silent | tail -n 1)"

cd examples/expo-chat
npm ci --no-audit --no-fund
# The packed package, as an app gets it (not in package.json: its hash changes with every build).
rm -rf node_modules/react-lifeline
mkdir -p node_modules/react-lifeline
tar -xzf "$tarball" -C node_modules/react-lifeline --strip-components=1
rm -f "$tarball"

echo "--- TypeScript (tsc --noEmit)"
npx tsc --noEmit
echo "--- Jest (jest-expo preset)"
npx jest --ci
echo "--- web bundle (expo export --platform web)"
rm -rf dist
npx expo export --platform web --output-dir dist
ls dist

echo "--- the core under Hermes (hermes-engine-cli) and without URL/window/document"
cd ../..
node scripts/checkHermes.mjs
