/** @module Layers and plan (pebble-api.md §2): merge rules, YAML output, Pebble error texts, layers dir. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- tests inspect raw wire JSON, whose shape is what they assert */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDaemon } from './helpers.ts';
import { addLayer, startDaemon } from './helpers.ts';

async function plan(t: TestDaemon): Promise<string> {
  const res = await t.api('GET', '/v1/plan?format=yaml');
  expect(res.status).toBe(200);
  return res.body.result as string;
}

describe('layers and plan', () => {
  let t: TestDaemon;
  beforeEach(async () => {
    t = await startDaemon({ hold: true });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('renders an empty plan as {}', async () => {
    expect(await plan(t)).toBe('{}\n');
  });

  it('renders sections in order with yaml.v3 layout (TestSectionOrder)', async () => {
    const layer = `
log-targets:
  lt1:
    override: replace
    type: loki
    location: http://192.168.1.2:3100/loki/api/v1/push
checks:
  chk1:
    override: replace
    exec:
      command: ping 8.8.8.8
services:
  srv1:
    override: replace
    command: cmd
`;
    const res = await addLayer(t, 'base', layer);
    expect(res.body).toEqual({ type: 'sync', 'status-code': 200, status: 'OK', result: true });
    expect(await plan(t)).toBe(`services:
    srv1:
        override: replace
        command: cmd
checks:
    chk1:
        override: replace
        threshold: 3
        exec:
            command: ping 8.8.8.8
log-targets:
    lt1:
        type: loki
        location: http://192.168.1.2:3100/loki/api/v1/push
        services: []
        override: replace
`);
  });

  it('merges and replaces services across layers', async () => {
    await addLayer(
      t,
      'base',
      `services:
  svc:
    override: replace
    command: sleep 10
    startup: enabled
    after: [a]
    environment: {A: "1", B: x}
    kill-delay: 60s
  other:
    override: replace
    command: foo
`,
    );
    await addLayer(
      t,
      'over',
      `services:
  svc:
    override: merge
    summary: the svc
    after: [b]
    environment: {B: y}
    backoff-delay: 1s
  other:
    override: replace
    command: bar
`,
    );
    expect(await plan(t)).toBe(`services:
    other:
        override: replace
        command: bar
    svc:
        summary: the svc
        startup: enabled
        override: replace
        command: sleep 10
        after:
            - a
            - b
        environment:
            A: "1"
            B: "y"
        backoff-delay: 1s
        kill-delay: 1m0s
`);
  });

  it('combines into an existing layer with the same label', async () => {
    await addLayer(t, 'base', 'services: {a: {override: replace, command: one}}');
    await addLayer(t, 'top', 'services: {a: {override: merge, command: two}}');
    const dup = await addLayer(t, 'base', 'services: {a: {override: replace, command: x}}');
    expect(dup.status).toBe(400);
    expect(dup.body.result.message).toBe('layer "base" already exists');
    await addLayer(t, 'base', 'services: {a: {override: merge, command: three}}', true);
    expect(await plan(t)).toContain('command: two');
  });

  it.each([
    {
      name: 'unknown field',
      layer: 'services:\n  s:\n    override: replace\n    command: x\n    foo: bar\n',
      message:
        'cannot parse layer "bad" section "services": yaml: unmarshal errors:\n  line 4: field foo not found in type plan.Service',
    },
    {
      name: 'unknown section',
      layer: 'servces: {}\n',
      message: 'cannot parse layer "bad": unknown section "servces"',
    },
    {
      name: 'missing override',
      layer: 'services: {s: {command: x}}',
      message: 'layer "bad" must define "override" for service "s"',
    },
    {
      name: 'invalid override',
      layer: 'checks: {c: {override: foo, tcp: {port: 1}}}',
      message: 'layer "bad" has invalid "override" value for check "c"',
    },
    {
      name: 'missing command',
      layer: 'services: {s: {override: replace}}',
      message: 'plan must define "command" for service "s"',
    },
    {
      name: 'check without kind',
      layer: 'checks: {c: {override: replace}}',
      message: 'plan must specify one of "http", "tcp", or "exec" for check "c"',
    },
    {
      name: 'before/after loop',
      layer:
        'services: {a: {override: replace, command: x, after: [b]}, b: {override: replace, command: y, after: [a]}}',
      message: 'services in before/after loop: a, b',
    },
    {
      name: 'bad on-success action',
      layer: 'services: {s: {override: replace, command: x, on-success: explode}}',
      message: 'plan service "s" on-success action "explode" invalid',
    },
    {
      name: 'bad backoff-factor',
      layer: 'services: {s: {override: replace, command: x, backoff-factor: 0.5}}',
      message: 'plan service "s" backoff-factor must be 1.0 or greater, not 0.5',
    },
    {
      name: 'bad check level',
      layer: 'checks: {c: {override: replace, level: dead, tcp: {port: 1}}}',
      message: 'plan check "c" level must be "alive" or "ready"',
    },
    {
      name: 'bad log target type',
      layer: 'log-targets: {t: {override: replace, type: carrier-pigeon, location: x}}',
      message:
        'log target "t" has unsupported type "carrier-pigeon", must be "loki", "opentelemetry" or "syslog"',
    },
    {
      name: 'command starting with a group',
      layer: 'services: {s: {override: replace, command: "[ x ]"}}',
      message: 'plan service "s" command invalid: cannot start command with [ ... ] group',
    },
    {
      name: 'unterminated quote',
      layer: `services: {s: {override: replace, command: "echo 'x"}}`,
      message:
        'plan service "s" command invalid: cannot parse service "s" command: EOF found when expecting closing quote',
    },
  ])('rejects $name with 400', async ({ layer, message }) => {
    const res = await addLayer(t, 'bad', layer);
    expect(res.status).toBe(400);
    expect(res.body.result.message).toBe(message);
    expect(await plan(t)).toBe('{}\n');
  });

  it('rejects reserved labels', async () => {
    const res = await addLayer(t, 'pebble-x', 'services: {}');
    expect(res.body.result.message).toBe('cannot use reserved label prefix "pebble-"');
  });

  it('requires format=yaml for the plan', async () => {
    const res = await t.api('GET', '/v1/plan');
    expect(res.status).toBe(400);
  });

  it('loads layers from $PEBBLE/layers in order and keeps API layers across restarts', async () => {
    mkdirSync(join(t.dir, 'layers', '002-sub.d'), { recursive: true });
    writeFileSync(
      join(t.dir, 'layers', '001-base.yaml'),
      'services: {a: {override: replace, command: one}}',
    );
    writeFileSync(
      join(t.dir, 'layers', '002-sub.d', '001-inner.yaml'),
      'services: {a: {override: merge, command: two}}',
    );
    await t.restart();
    expect(await plan(t)).toContain('command: two');
    await addLayer(t, 'api', 'services: {b: {override: replace, command: three}}');
    await t.restart();
    const text = await plan(t);
    expect(text).toContain('command: two');
    expect(text).toContain('command: three');
  });
});
