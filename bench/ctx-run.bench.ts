/**
 * @module One `ctx.run` of the hello-web charm in memory (goal ≤ 0.8 ms; Python's
 * ops.testing takes 8.3 ms for a comparable one-container charm with config, a relation and
 * collect-status): config-changed on the leader with the peer relation, a connected container
 * (push, add-layer, replan) and collect-status.
 */
import { fileURLToPath } from 'node:url';
import { Context, container, peerRelation, state } from '@charmkit/testing';
import { HelloWebCharm } from '../examples/charms/hello-web/src/charm.ts';
import type { Sample } from './measure.ts';
import { summarise, time } from './measure.ts';

export async function run(): Promise<Sample[]> {
  const charmDir = fileURLToPath(new URL('../examples/charms/hello-web/', import.meta.url));
  const ctx = new Context(HelloWebCharm, { charmDir });
  const input = state({
    leader: true,
    config: { greeting: 'hi' },
    relations: [peerRelation('peers', { peersData: { 1: {} } })],
    containers: [container('web')],
  });
  const samples = await time(() => ctx.run(ctx.on.configChanged(), input), {
    iterations: 2000,
    warmup: 200,
  });
  return [
    summarise(
      'ctx.run(config-changed) of hello-web',
      'ms',
      samples,
      'goal ≤ 0.8 ms; Python ops.testing 8.3 ms',
    ),
  ];
}
