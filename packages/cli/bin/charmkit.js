#!/usr/bin/env node
// Entry point: runs the TypeScript CLI under the project's Node (24, type stripping). The
// compile cache keeps stripped and compiled modules between runs (startup 0.44 s → 0.2 s).
import * as nodeModule from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `ERROR charmkit needs Node 24 or later, this is ${process.version}: run it with npx charmkit (the project installs Node 24 in node_modules/.bin)\n`,
  );
  process.exit(1);
}
nodeModule.enableCompileCache();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
