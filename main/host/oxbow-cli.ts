#!/usr/bin/env node
// The `oxbow` command (package.json "bin"): the engine's command line with the web UI plugged in.
import { runOxbow } from '../../broker-runtime/index.js';
import { startUiServer } from './ui-server.js';

runOxbow(process.argv, { startUi: startUiServer });
