/**
 * @module `npm start` until the controller lands: deploys hello-web on this machine. A real
 * `@charmkit/pebble` daemon plays the `web` container, the charm runs through the same
 * `dispatch` as under Juju with the in-memory model of `@charmkit/testing` standing in for
 * the controller, through Juju's deploy sequence (install, peer relation-created,
 * leader-elected, config-changed, start, pebble-ready). Prints the URL and serves until
 * Ctrl-C, then stops the workload.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PebbleHttpClient } from '@charmkit/ops/pebble';
import { PebbleDaemon } from '@charmkit/pebble';
import { Context, container, network, peerRelation, state } from '@charmkit/testing';
import type { State } from '@charmkit/testing';
import { HelloWebCharm } from './src/charm.ts';

const charmDir = fileURLToPath(new URL('.', import.meta.url));
const home = resolve(process.env.CHARMKIT_HOME ?? join(process.cwd(), '.charmkit'), 'hello-web');
const port = Number(process.env.PORT ?? 8080);

async function main(): Promise<void> {
  mkdirSync(home, { recursive: true });
  const socketPath = join(home, 'pebble.socket');
  const daemon = await PebbleDaemon.start({ stateDir: join(home, 'pebble'), socketPath });
  const client = new PebbleHttpClient({ socketPath });
  const ctx = new Context(HelloWebCharm, { charmDir, pebble: () => client });
  const peers = peerRelation('peers');
  const web = container('web');
  let world: State = state({
    leader: true,
    relations: [peers],
    containers: [web],
    networks: [network('peers', { address: '127.0.0.1' })],
    config: { port, 'server-dir': join(home, 'srv') },
  });
  const events = [
    ctx.on.install(),
    ctx.on.relationCreated(peers),
    ctx.on.leaderElected(),
    ctx.on.configChanged(),
    ctx.on.start(),
    ctx.on.pebbleReady(web),
  ];
  for (const event of events) {
    world = await ctx.run(event, world);
    process.stderr.write(
      `${event.name.padEnd(24)} → ${world.unitStatus.name}: ${world.unitStatus.message}\n`,
    );
  }
  const url = `http://localhost:${port}/`;
  const answer = await waitForHttp(url);
  process.stdout.write(`hello-web/0 is ${world.unitStatus.name}; ${url} says: ${answer}\n`);
  process.stderr.write('Serving; press Ctrl-C to stop.\n');
  const stop = async (): Promise<void> => {
    await daemon.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (process.env.CHARMKIT_ONESHOT) await stop();
}

async function waitForHttp(url: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return (await res.text()).trim();
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`${url} did not answer within 10 s`, { cause: error });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

await main();
