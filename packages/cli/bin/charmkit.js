#!/usr/bin/env node
// Entry point: runs the TypeScript CLI under the project's Node (24, type stripping).
import { main } from '../src/main.ts';

process.exitCode = await main(process.argv.slice(2), process.env);
