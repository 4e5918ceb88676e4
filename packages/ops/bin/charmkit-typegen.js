#!/usr/bin/env node
// Entry point: runs the TypeScript CLI under the project's Node (24, type stripping).
import { main } from '../src/metadata/typegen-cli.ts';

process.exitCode = main(process.argv.slice(2));
