#!/usr/bin/env node
// The published CLI: the bundle built by tsup from src/cli/main.ts (`npm run build`).
import "../dist/cli.js";
