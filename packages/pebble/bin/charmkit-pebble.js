#!/usr/bin/env node
// Runs the TypeScript CLI under the same Node (>= 24 strips types natively).
await import('../src/cli.ts');
