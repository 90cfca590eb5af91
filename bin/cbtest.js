#!/usr/bin/env node
// Launcher: all logic lives in dist/. Keep this file tiny so startup stays fast.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
