/**
 * The ingress charm, state in and state out (MemoryPebble): the databags exactly as the
 * Python IngressPerAppRequirer v2 writes them, the URL published back, routes following units
 * as they join and depart, bad data, the proxy choice, reloads and the collected status.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Context, container, network, relation, state } from '@charmkit/testing';
import type { ExecResponse, RelationState, StateData } from '@charmkit/testing';
import { IngressCharm } from '../src/charm.ts';
import { CHECK, SERVICE } from '../src/proxy-workload.ts';
import type { RouteTable } from '../src/routes.ts';

const charmDir = fileURLToPath(new URL('..', import.meta.url));
const dir = `${charmDir.replace(/\/$/, '')}/.ingress-proxy`;
const newContext = () => new Context(IngressCharm, { charmDir });

const inspect = (nginx: boolean): ExecResponse => ({
  command: ['sh', '-c'],
  stdout: nginx
    ? 'nginx=/usr/sbin/nginx\nuid=0\nuser=root\ngroup=root\n'
    : 'nginx=\nuid=1000\nuser=charm\ngroup=charm\n',
});
const probe = (stdout: string): ExecResponse => ({ command: [process.execPath, '-e'], stdout });
const proxy = (options: { nginx?: boolean; probe?: string; execs?: ExecResponse[] } = {}) =>
  container('proxy', {
    execs: [
      ...(options.execs ?? []),
      inspect(options.nginx ?? false),
      probe(options.probe ?? 'up'),
      { command: ['/usr/sbin/nginx', '-t'] },
    ],
  });

/** The requirer's bags exactly as IngressPerAppRequirer v2 writes them (interfaces.md §4.4). */
const webappApp = {
  model: '"demo"',
  name: '"webapp"',
  port: '8000',
  'strip-prefix': 'true',
};
const webappUnit = (n: number) => ({
  host: `"webapp-${n}.webapp-endpoints.demo.svc.cluster.local"`,
  ip: `"10.1.2.${n + 3}"`,
});
const ingressRelation = (
  options: { app?: Record<string, string>; units?: Record<number, Record<string, string>> } = {},
  id?: number,
) =>
  relation('ingress', {
    ...(id === undefined ? {} : { id }),
    remoteAppName: 'webapp',
    remoteAppData: options.app ?? webappApp,
    remoteUnitsData: options.units ?? { 0: webappUnit(0) },
  });

const world = (data: Partial<StateData> = {}) =>
  state({
    leader: true,
    networks: [network('ingress', { address: '127.1.0.4' })],
    containers: [proxy()],
    ...data,
  });

const routes = (out: Awaited<ReturnType<Context<typeof IngressCharm.metadata>['run']>>) =>
  JSON.parse(String(out.readFile('proxy', `${dir}/routes.json`))) as RouteTable;
const published = (out: { getRelation(id: number): RelationState }, rel: RelationState) =>
  out.getRelation(rel.id).localAppData;

describe('the ingress v2 exchange', () => {
  it('publishes the URL as the Python provider does, from the requirer’s exact bags', async () => {
    const ctx = newContext();
    const rel = ingressRelation();
    const out = await ctx.run(ctx.on.relationChanged(rel), world({ relations: [rel] }));
    expect(published(out, rel)).toEqual({
      ingress: '{"url": "http://127.1.0.4:8080/demo-webapp"}',
    });
    expect(out.unitStatus).toEqual({
      name: 'active',
      message: '1 URL via embedded on 127.1.0.4:8080',
    });
  });

  it('routes to the units’ ip addresses with the requested prefix handling', async () => {
    const ctx = newContext();
    const rel = ingressRelation({ units: { 0: webappUnit(0), 1: webappUnit(1) } });
    const out = await ctx.run(ctx.on.relationChanged(rel), world({ relations: [rel] }));
    expect(routes(out)).toEqual({
      routes: [
        {
          id: `r${rel.id}`,
          app: 'demo-webapp',
          prefix: '/demo-webapp',
          stripPrefix: true,
          upstreams: ['http://10.1.2.3:8000', 'http://10.1.2.4:8000'],
        },
      ],
    });
  });

  it('uses the host when a unit wrote no ip, and the scheme it asked for', async () => {
    const ctx = newContext();
    const rel = ingressRelation({
      app: { model: '"demo"', name: '"webapp"', port: '8443', scheme: '"https"' },
      units: { 0: { host: '"webapp-0.local"' } },
    });
    const out = await ctx.run(ctx.on.relationChanged(rel), world({ relations: [rel] }));
    expect(routes(out).routes[0]).toMatchObject({
      stripPrefix: false,
      upstreams: ['https://webapp-0.local:8443'],
    });
  });

  it('uses external-hostname and port in the URL', async () => {
    const ctx = newContext();
    const rel = ingressRelation();
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({
        relations: [rel],
        config: { 'external-hostname': 'ingress.example.com', port: 9000 },
      }),
    );
    expect(published(out, rel)).toEqual({
      ingress: '{"url": "http://ingress.example.com:9000/demo-webapp"}',
    });
    expect(out.openedPorts).toEqual([{ protocol: 'tcp', port: 9000 }]);
  });

  it('routes by subdomain when asked', async () => {
    const ctx = newContext();
    const rel = ingressRelation();
    const config = { 'routing-mode': 'subdomain', 'external-hostname': 'example.com' };
    const out = await ctx.run(ctx.on.configChanged(), world({ relations: [rel], config }));
    expect(published(out, rel)).toEqual({
      ingress: '{"url": "http://webapp.demo.example.com:8080/"}',
    });
    expect(routes(out).routes[0]).toMatchObject({ host: 'webapp.demo.example.com' });
  });

  it('blocks subdomain routing without a DNS name', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ config: { 'routing-mode': 'subdomain' } }),
    );
    expect(out.unitStatus).toEqual({
      name: 'blocked',
      message: 'routing-mode "subdomain" needs external-hostname set to a DNS name',
    });
  });

  it('lets non-leaders serve the routes without writing the app bag', async () => {
    const ctx = newContext();
    const rel = ingressRelation();
    const out = await ctx.run(
      ctx.on.relationChanged(rel),
      world({ leader: false, relations: [rel] }),
    );
    expect(published(out, rel)).toEqual({});
    expect(routes(out).routes).toHaveLength(1);
  });

  it('waits for every unit’s host before routing a new relation', async () => {
    const ctx = newContext();
    const rel = ingressRelation({ units: { 0: {} } });
    const out = await ctx.run(ctx.on.relationChanged(rel), world({ relations: [rel] }));
    expect(published(out, rel)).toEqual({});
    expect(routes(out).routes).toEqual([]);
    expect(out.unitStatus.message).toBe('0 URLs via embedded on 127.1.0.4:8080');
  });
});

describe('units coming and going', () => {
  it('adds a joining unit’s upstream and removes a departed one', async () => {
    const ctx = newContext();
    const one = ingressRelation();
    const first = await ctx.run(ctx.on.relationChanged(one), world({ relations: [one] }));
    // webapp/1 joined but has not written its host yet: the route stays as it was.
    const joining = ingressRelation({ units: { 0: webappUnit(0), 1: {} } }, one.id);
    const pending = await ctx.run(
      ctx.on.relationJoined(joining, { remoteUnitId: 1 }),
      first.with({ relations: [joining] }),
    );
    expect(routes(pending).routes[0]?.upstreams).toEqual(['http://10.1.2.3:8000']);
    const two = ingressRelation({ units: { 0: webappUnit(0), 1: webappUnit(1) } }, one.id);
    const joined = await ctx.run(
      ctx.on.relationChanged(two, { remoteUnitId: 1 }),
      pending.with({ relations: [two] }),
    );
    expect(routes(joined).routes[0]?.upstreams).toEqual([
      'http://10.1.2.3:8000',
      'http://10.1.2.4:8000',
    ]);
    expect(ctx.jujuLog.map((l) => l.message)).toContain('embedded proxy reloaded');
    const left = ingressRelation({ units: { 1: webappUnit(1) } }, one.id);
    const departed = await ctx.run(
      ctx.on.relationDeparted(left, { remoteUnitId: 1, departingUnit: 'webapp/0' }),
      joined.with({ relations: [left] }),
    );
    expect(routes(departed).routes[0]?.upstreams).toEqual(['http://10.1.2.4:8000']);
    expect(departed.getContainer('proxy').serviceStatuses[SERVICE]).toBe('active');
  });

  it('drops the route when the relation is broken', async () => {
    const ctx = newContext();
    const rel = ingressRelation();
    const before = await ctx.run(ctx.on.relationChanged(rel), world({ relations: [rel] }));
    const out = await ctx.run(ctx.on.relationBroken(rel), before);
    expect(routes(out).routes).toEqual([]);
    expect(out.unitStatus.message).toBe('0 URLs via embedded on 127.1.0.4:8080');
  });
});

describe('bad data', () => {
  it('blocks on a malformed request and keeps routing the other apps', async () => {
    const ctx = newContext();
    const bad = ingressRelation({ app: { ...webappApp, port: '"eighty"' } });
    const good = relation('ingress', {
      remoteAppName: 'api',
      remoteAppData: { model: '"demo"', name: '"api"', port: '9000' },
      remoteUnitsData: { 0: { host: '"api-0"', ip: '"10.1.3.1"' } },
    });
    const out = await ctx.run(ctx.on.relationChanged(bad), world({ relations: [bad, good] }));
    expect(out.unitStatus.name).toBe('blocked');
    expect(out.unitStatus.message).toMatch(
      new RegExp(`^invalid data from webapp on ingress:${bad.id}: port`),
    );
    expect(routes(out).routes.map((r) => r.app)).toEqual(['demo-api']);
    expect(published(out, good)).toEqual({ ingress: '{"url": "http://127.1.0.4:8080/demo-api"}' });
  });

  it('refuses names and hosts that could inject proxy configuration', async () => {
    const ctx = newContext();
    const rel = ingressRelation({
      app: { ...webappApp, name: '"x; } server { listen 80"' },
    });
    const out = await ctx.run(ctx.on.relationChanged(rel), world({ relations: [rel] }));
    expect(out.unitStatus).toMatchObject({ name: 'blocked' });
    expect(out.unitStatus.message).toContain('name: not a Juju name');
    expect(routes(out).routes).toEqual([]);
    const host = ingressRelation({ units: { 0: { host: '"evil host;"' } } });
    const out2 = await ctx.run(ctx.on.relationChanged(host), world({ relations: [host] }));
    expect(out2.unitStatus.message).toContain('on ingress');
    expect(out2.unitStatus.message).toContain('host: not a host name or address');
  });

  it('blocks on invalid config', async () => {
    const ctx = newContext();
    const out = await ctx.run(ctx.on.configChanged(), world({ config: { proxy: 'haproxy' } }));
    expect(out.unitStatus).toEqual({
      name: 'blocked',
      message: 'invalid config: proxy: must be "auto", "nginx" or "embedded"',
    });
  });
});

describe('the proxy', () => {
  it('runs the embedded proxy under Pebble with a health check', async () => {
    const ctx = newContext();
    const out = await ctx.run(ctx.on.configChanged(), world());
    const layer = out.getContainer('proxy').layers[SERVICE];
    expect(layer?.services?.[SERVICE]).toMatchObject({
      command: `${process.execPath} ${charmDir.replace(/\/$/, '')}/dist/workloads/proxy.js`,
      startup: 'enabled',
      environment: {
        INGRESS_LISTEN_ADDRESS: '127.1.0.4',
        INGRESS_LISTEN_PORT: '8080',
        INGRESS_ROUTES: `${dir}/routes.json`,
      },
    });
    expect(layer?.checks?.[CHECK]?.http?.url).toBe('http://127.1.0.4:8080/_ingress/health');
    expect(out.getContainer('proxy').serviceStatuses[SERVICE]).toBe('active');
  });

  it('uses nginx when it is installed, with per-unit paths', async () => {
    const ctx = newContext();
    const rel = ingressRelation();
    const out = await ctx.run(
      ctx.on.relationChanged(rel),
      world({ relations: [rel], containers: [proxy({ nginx: true })] }),
    );
    const conf = String(out.readFile('proxy', `${dir}/nginx.conf`));
    expect(conf).toContain(`pid ${dir}/nginx.pid;`);
    expect(conf).toContain('user root root;');
    expect(conf).toContain('listen 127.1.0.4:8080 default_server;');
    expect(conf).toContain(`upstream r${rel.id} {\n    server 10.1.2.3:8000;`);
    expect(conf).toContain(`location ^~ /demo-webapp/ {\n      proxy_pass http://r${rel.id}/;`);
    const service = out.getContainer('proxy').layers[SERVICE]?.services?.[SERVICE];
    expect(service?.command).toBe(`/usr/sbin/nginx -p ${dir}/ -c ${dir}/nginx.conf -e stderr`);
    expect(out.unitStatus.message).toBe('1 URL via nginx on 127.1.0.4:8080');
    expect((ctx.execHistory.proxy ?? []).map((e) => e.command.slice(0, 2))).toContainEqual([
      '/usr/sbin/nginx',
      '-t',
    ]);
  });

  it('honours proxy=embedded even where nginx is installed', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ config: { proxy: 'embedded' }, containers: [proxy({ nginx: true })] }),
    );
    expect(out.unitStatus.message).toBe('0 URLs via embedded on 127.1.0.4:8080');
  });

  it('blocks when nginx is asked for but not installed', async () => {
    const ctx = newContext();
    const out = await ctx.run(ctx.on.configChanged(), world({ config: { proxy: 'nginx' } }));
    expect(out.unitStatus).toEqual({
      name: 'blocked',
      message: 'proxy is "nginx" but nginx is not installed',
    });
  });

  it('keeps the running configuration when nginx rejects a new one', async () => {
    const ctx = newContext();
    const rejecting = proxy({
      nginx: true,
      execs: [{ command: ['/usr/sbin/nginx', '-t'], exitCode: 1, stderr: 'nginx: [emerg] oops\n' }],
    });
    const out = await ctx.run(ctx.on.configChanged(), world({ containers: [rejecting] }));
    expect(out.unitStatus).toEqual({
      name: 'blocked',
      message: 'nginx rejected the configuration: nginx: [emerg] oops',
    });
  });

  it('reports a port in use and recovers when it is freed', async () => {
    const ctx = newContext();
    const busy = await ctx.run(
      ctx.on.configChanged(),
      world({ containers: [proxy({ probe: 'EADDRINUSE' })] }),
    );
    expect(busy.unitStatus).toEqual({
      name: 'blocked',
      message: 'port 8080 on 127.1.0.4 is in use',
    });
    const freed = await ctx.run(
      ctx.on.pebbleCheckRecovered(proxy(), CHECK),
      busy.with({ containers: [proxy()] }),
    );
    expect(freed.unitStatus).toEqual({
      name: 'active',
      message: '0 URLs via embedded on 127.1.0.4:8080',
    });
  });

  it('waits while the proxy does not answer and nothing holds the port', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ containers: [proxy({ probe: 'free' })] }),
    );
    expect(out.unitStatus).toEqual({
      name: 'waiting',
      message: 'embedded proxy is not answering on 127.1.0.4:8080 (free)',
    });
  });

  it('waits for Pebble', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ containers: [container('proxy', { canConnect: false })] }),
    );
    expect(out.unitStatus).toEqual({
      name: 'waiting',
      message: 'waiting for Pebble in the proxy container',
    });
  });

  it('listens on bind-address when set', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ config: { 'bind-address': '127.0.0.9' } }),
    );
    expect(out.unitStatus.message).toBe('0 URLs via embedded on 127.0.0.9:8080');
  });
});
