#!/usr/bin/env node
// Entry point: runs the TypeScript CLI under the project's Node (24, type stripping). The
// compile cache keeps stripped and compiled modules between runs (startup 0.44 s → 0.2 s).
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
