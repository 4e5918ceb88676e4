#!/usr/bin/env node
// Entry point: runs the TypeScript daemon under the project's Node (24, type stripping).
import { main } from '../src/daemon-cli.ts';

process.exitCode = await main(process.argv.slice(2));
