/**
 * @module Whole-process time of a bundled charm handling config-changed through hook-tool
 * executables, process start to exit (goal ≤ 50 ms; a Python ops charm takes 240 ms here).
 * The charm is hello-web: config, a peer relation with an app-owned secret, a container that
 * is not up yet, and collect-status. The hook tools are one /bin/sh script answering the
 * questions that dispatch asks, as a Juju unit agent would.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import type { Sample } from './measure.ts';
import { summarise } from './measure.ts';

const ITERATIONS = 30;
const TOOLS = [
  'config-get',
  'is-leader',
  'relation-ids',
  'relation-list',
  'relation-get',
  'relation-set',
  'secret-get',
  'status-set',
  'juju-log',
  'open-port',
  'close-port',
  'opened-ports',
  'application-version-set',
  'status-get',
  'state-get',
  'secret-info-get',
];

const FAKE_TOOL = `#!/bin/sh
case "$(basename "$0")" in
  config-get) echo '{"port": 8080, "greeting": "hello"}' ;;
  is-leader) echo true ;;
  relation-ids) echo '["peers:0"]' ;;
  relation-list) echo '["hello-web/1"]' ;;
  relation-get) echo '{"cluster-key-secret": "secret:cs0123456789abcdefghij"}' ;;
  secret-get) echo '{"cluster-key": "0123456789abcdef"}' ;;
  opened-ports) echo '[]' ;;
esac
`;

/** Builds hello-web into a charm dir with a `dispatch` bundle and fake hook tools. */
export async function prepareHelloWebCharm(): Promise<{
  charmDir: string;
  toolsDir: string;
  bundle: string;
}> {
  const root = mkdtempSync(join(tmpdir(), 'charmkit-hook-bench-'));
  const charmDir = join(root, 'charm');
  const toolsDir = join(root, 'tools');
  mkdirSync(join(charmDir, 'dist'), { recursive: true });
  mkdirSync(toolsDir);
  const example = new URL('../examples/charms/hello-web/', import.meta.url);
  cpSync(new URL('workload', example), join(charmDir, 'workload'), { recursive: true });
  const bundle = join(charmDir, 'dist', 'charm.js');
  await build({
    entryPoints: [new URL('src/main.ts', example).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outdir: join(charmDir, 'dist'),
    entryNames: 'charm',
    splitting: true,
    logLevel: 'error',
    // CommonJS dependencies (ws, busboy) call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const script = join(toolsDir, 'fake-tool');
  writeFileSync(script, FAKE_TOOL);
  chmodSync(script, 0o755);
  for (const tool of TOOLS) symlinkSync(script, join(toolsDir, tool));
  return { charmDir, toolsDir, bundle };
}

export async function run(): Promise<Sample[]> {
  const { charmDir, toolsDir, bundle } = await prepareHelloWebCharm();
  const env = {
    PATH: `${toolsDir}:${process.env['PATH'] ?? ''}`,
    JUJU_DISPATCH_PATH: 'hooks/config-changed',
    JUJU_HOOK_NAME: 'config-changed',
    JUJU_UNIT_NAME: 'hello-web/0',
    JUJU_MODEL_NAME: 'bench',
    JUJU_MODEL_UUID: '6f4b5b1e-3f5a-4c1e-9d0a-1b2c3d4e5f60',
    JUJU_VERSION: '3.6.14',
    JUJU_CHARM_DIR: charmDir,
    CHARMKIT_PEBBLE_SOCKET_DIR: join(charmDir, 'no-pebble-here'),
    // What the charm's dispatch script sets: V8 code cache in the unit's charm directory.
    NODE_COMPILE_CACHE: join(charmDir, '.node-compile-cache'),
  };
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS + 3; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [bundle], { cwd: charmDir, env, encoding: 'utf8' });
    const elapsed = performance.now() - start;
    if (result.status !== 0) throw new Error(`charm exited ${result.status}: ${result.stderr}`);
    if (i >= 3) samples.push(elapsed);
  }
  const floor = timeProcess(process.execPath, ['-e', '0'], env);
  const tool = timeProcess(join(toolsDir, 'is-leader'), ['--format=json'], env);
  return [
    summarise(
      'config-changed, bundled charm via hook tools (process start→exit)',
      'ms',
      samples,
      'goal ≤ 50 ms; Python ops charm 240 ms',
    ),
    summarise('floor: `node -e 0` on this machine', 'ms', floor, 'process start cost alone'),
    summarise('floor: one hook-tool process (spawnSync /bin/sh)', 'ms', tool, 'the charm makes 7'),
  ];
}

/** Wall time of running a command to completion, ITERATIONS times after 3 warm-ups. */
function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv): number[] {
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS + 3; i++) {
    const start = performance.now();
    spawnSync(command, args, { env });
    if (i >= 3) samples.push(performance.now() - start);
  }
  return samples;
}
