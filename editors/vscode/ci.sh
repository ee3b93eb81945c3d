#!/usr/bin/env bash
# Builds, tests and packages the VS Code extension; CI runs it with no stdin.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

npm ci
npm run compile
npm test
npx --no-install vsce package --out /tmp/corroborate.vsix
