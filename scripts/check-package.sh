#!/usr/bin/env bash
# Builds the package, installs the tarball in a scratch project, and uses it from ESM, CommonJS and
# TypeScript (NodeNext): the exports map, the bin and the declarations as a user gets them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

npm run --prefix "$root" -s build >/dev/null
npm pack --silent --pack-destination "$scratch" --prefix "$root" "$root" >/dev/null
cd "$scratch"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund ./typed-gitlab-*.tgz "$root/node_modules/typescript" "$root/node_modules/@types/node" >/dev/null
cp "$root/test/fixtures/package/"* .
node esm.mjs
node cjs.cjs
./node_modules/.bin/typed-gitlab ops "latest pipeline" | grep -q getApiV4ProjectsIdPipelinesLatest
./node_modules/.bin/tsc -p tsconfig.json
echo "package check passed: ESM, CommonJS, bin and NodeNext types"
