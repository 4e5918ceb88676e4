/**
 * `ingress` v2 against interfaces.md §4.4: bags fed in exactly as the Python library writes
 * them, and ours compared with the spec's byte for byte.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { Context, network, relation, state } from '@charmkit/testing';
import { IngressRequirer } from '../src/index.ts';
import type { IngressRequest } from '../src/index.ts';
import { TraefikCharm, WebappCharm, blockedOn, reset } from './charms.ts';

// §4.4, verbatim.
const REQUIRER_APP_BAG = {
  model: '"demo"',
  name: '"webapp"',
  port: '8000',
  'strip-prefix': 'true',
};
const REQUIRER_UNIT_BAG = {
  host: '"webapp-0.webapp-endpoints.demo.svc.cluster.local"',
  ip: '"10.1.2.3"',
};
const PROVIDER_APP_BAG = { ingress: '{"url": "http://10.0.0.5/demo-webapp"}' };
const FULL_APP_BAG = {
  model: '"demo"',
  name: '"webapp"',
  port: '8443',
  is_port_open: 'true',
  healthcheck_params: '{"path": "/healthz", "interval": "10s"}',
  'strip-prefix': 'true',
  'redirect-https': 'true',
  scheme: '"https"',
};

const MODEL = { name: 'demo', uuid: '6f0a0b8e-4c9d-4e3f-9a1b-2c3d4e5f6a7b' };

beforeEach(reset);

describe('IngressRequirer', () => {
  const ingressRel = (options: Parameters<typeof relation>[1] = {}) =>
    relation('ingress', { id: 3, remoteAppName: 'traefik', ...options });
  const world = (rel: ReturnType<typeof ingressRel>, leader = true) =>
    state({
      leader,
      model: MODEL,
      relations: [rel],
      networks: [network('ingress', { address: '10.1.2.3' })],
    });

  it('publishes the §4.4 app and unit bags byte for byte, wiping Juju’s keys', async () => {
    const ctx = new Context(WebappCharm);
    const rel = ingressRel();
    const out = await ctx.run(ctx.on.relationChanged(rel), world(rel));
    expect(out.getRelation(3).localAppData).toEqual(REQUIRER_APP_BAG);
    expect(out.getRelation(3).localUnitData).toEqual(REQUIRER_UNIT_BAG);
  });

  it('a non-leader publishes only its unit bag', async () => {
    const ctx = new Context(WebappCharm, { unitId: 1 });
    const rel = ingressRel();
    const out = await ctx.run(ctx.on.relationChanged(rel), world(rel, false));
    expect(out.getRelation(3).localAppData).toEqual({});
    expect(out.getRelation(3).localUnitData).toEqual(REQUIRER_UNIT_BAG);
  });

  it('writes every optional field as in the spec’s full example', async () => {
    WebappCharm.probe = (charm) => {
      const full = new IngressRequirer(charm, {
        port: 8443,
        stripPrefix: true,
        redirectHttps: true,
        scheme: 'https',
        healthcheck: { path: '/healthz', interval: '10s', timeout: '5s' },
        host: 'h',
      });
      full.publish();
    };
    const ctx = new Context(WebappCharm);
    const rel = ingressRel();
    const out = await ctx.run(
      ctx.on.updateStatus(),
      world(rel).with({ openedPorts: [{ protocol: 'tcp', port: 8443 }] }),
    );
    expect(out.getRelation(3).localAppData).toEqual(FULL_APP_BAG);
  });

  it('reads the §4.4 URL, fires ready once per new URL, revoked on broken', async () => {
    const ctx = new Context(WebappCharm);
    let url: string | undefined;
    WebappCharm.probe = (charm) => (url = charm.ingress.url());
    const rel = ingressRel({ remoteAppData: PROVIDER_APP_BAG });
    const one = await ctx.run(ctx.on.relationChanged(rel), world(rel));
    expect(url).toBe('http://10.0.0.5/demo-webapp');
    const two = await ctx.run(ctx.on.relationChanged(rel), one);
    const moved = ingressRel({ remoteAppData: { ingress: '{"url": "http://10.0.0.6"}' } });
    const three = await ctx.run(ctx.on.relationChanged(moved), two.with({ relations: [moved] }));
    await ctx.run(ctx.on.relationBroken(moved), three);
    expect(WebappCharm.ingressEvents).toEqual([
      expect.objectContaining({ url: 'http://10.0.0.5/demo-webapp' }),
      expect.objectContaining({ url: 'http://10.0.0.6/' }),
      'revoked',
    ]);
  });

  it('has no URL before the provider answers', async () => {
    const ctx = new Context(WebappCharm);
    let url: string | undefined = 'unset';
    WebappCharm.probe = (charm) => (url = charm.ingress.url());
    const rel = ingressRel();
    await ctx.run(ctx.on.updateStatus(), world(rel));
    expect(url).toBeUndefined();
    expect(WebappCharm.ingressEvents).toEqual([]);
  });

  it.each([
    { name: 'not JSON', ingress: '{url: http://x}', want: /ingress: not valid JSON/ },
    {
      name: 'a YAML v1 answer',
      ingress: 'url: http://10.0.0.5/demo-webapp\n',
      want: /ingress: not valid JSON/,
    },
    { name: 'no url', ingress: '{}', want: /ingress\.url: / },
    {
      name: 'a non-http URL',
      ingress: '{"url": "ftp://x/"}',
      want: /ingress\.url: expected an http or https URL/,
    },
    { name: 'a url of the wrong type', ingress: '{"url": 5}', want: /ingress\.url: / },
  ])('blocks on a malformed provider bag: $name', async ({ ingress, want }) => {
    const ctx = new Context(WebappCharm);
    WebappCharm.probe = (charm) => blockedOn(charm, () => charm.ingress.url());
    const rel = ingressRel({ remoteAppData: { ingress } });
    const out = await ctx.run(ctx.on.updateStatus(), world(rel));
    expect(out.unitStatus.name).toBe('blocked');
    expect(out.unitStatus.message).toMatch(/^invalid data from traefik on ingress:3: /);
    expect(out.unitStatus.message).toMatch(want);
  });
});

describe('IngressProvider', () => {
  const traefikRel = (options: Parameters<typeof relation>[1] = {}) =>
    relation('ingress', {
      id: 4,
      remoteAppName: 'webapp',
      remoteAppData: REQUIRER_APP_BAG,
      remoteUnitsData: { 0: { ...REQUIRER_UNIT_BAG, 'ingress-address': '10.1.2.3' } },
      ...options,
    });
  const run = async (rel: ReturnType<typeof traefikRel>) => {
    const ctx = new Context(TraefikCharm);
    let requests: IngressRequest[] = [];
    TraefikCharm.probe = (charm) =>
      blockedOn(charm, () => {
        requests = charm.ingress.requests();
        for (const req of requests) {
          charm.ingress.publishUrl(req.relation, `http://10.0.0.5/${req.model}-${req.name}`);
        }
      });
    const out = await ctx.run(
      ctx.on.relationChanged(rel),
      state({ leader: true, relations: [rel] }),
    );
    return { out, requests };
  };

  it('reads the §4.4 request and publishes the URL byte for byte', async () => {
    const { out, requests } = await run(traefikRel());
    expect(requests).toEqual([
      expect.objectContaining({
        relationId: 4,
        model: 'demo',
        name: 'webapp',
        port: 8000,
        isPortOpen: false,
        stripPrefix: true,
        redirectHttps: false,
        scheme: 'http',
        units: [
          {
            unit: 'webapp/0',
            host: 'webapp-0.webapp-endpoints.demo.svc.cluster.local',
            ip: '10.1.2.3',
          },
        ],
      }),
    ]);
    expect(out.getRelation(4).localAppData).toEqual(PROVIDER_APP_BAG);
  });

  it('reads every optional field of the spec’s full example', async () => {
    const { requests } = await run(traefikRel({ remoteAppData: FULL_APP_BAG }));
    expect(requests[0]).toMatchObject({
      port: 8443,
      isPortOpen: true,
      stripPrefix: true,
      redirectHttps: true,
      scheme: 'https',
      healthcheck: { path: '/healthz', interval: '10s', timeout: '5s' },
    });
  });

  it('is not ready while a unit has not written its host', async () => {
    const rel = traefikRel({
      remoteUnitsData: { 0: REQUIRER_UNIT_BAG, 1: { 'ingress-address': 'x' } },
    });
    const { out, requests } = await run(rel);
    expect(requests).toEqual([]);
    expect(out.getRelation(4).localAppData).toEqual({});
  });

  it('is not ready while the app bag is empty', async () => {
    const { requests } = await run(traefikRel({ remoteAppData: {} }));
    expect(requests).toEqual([]);
  });

  it.each([
    {
      name: 'raw (v1) strings',
      app: { ...REQUIRER_APP_BAG, model: 'demo' },
      want: /model: not valid JSON/,
    },
    {
      name: 'a missing name',
      app: { model: '"demo"', port: '8000' },
      want: /name: missing \(required\)/,
    },
    { name: 'a port as a string', app: { ...REQUIRER_APP_BAG, port: '"8000"' }, want: /port: / },
    {
      name: 'port 65535',
      app: { ...REQUIRER_APP_BAG, port: '65535' },
      want: /port: must be from 1 to 65534/,
    },
    { name: 'a bad scheme', app: { ...REQUIRER_APP_BAG, scheme: '"gopher"' }, want: /scheme: / },
    {
      name: 'strip-prefix not a bool',
      app: { ...REQUIRER_APP_BAG, 'strip-prefix': '"yes"' },
      want: /strip-prefix: /,
    },
  ])('blocks on a malformed app bag: $name', async ({ app, want }) => {
    const { out } = await run(traefikRel({ remoteAppData: app }));
    expect(out.unitStatus.message).toMatch(/^invalid data from webapp on ingress:4: /);
    expect(out.unitStatus.message).toMatch(want);
  });

  it('reports every problem of a bag at once', async () => {
    const { out } = await run(traefikRel({ remoteAppData: { model: 'demo', port: '0' } }));
    expect(out.unitStatus.message).toBe(
      'invalid data from webapp on ingress:4: model: not valid JSON (Unexpected token \'d\', "demo" is not valid JSON): "demo"; name: missing (required); port: must be from 1 to 65534',
    );
  });

  it.each<{ name: string; unit: Record<string, string>; want: RegExp }>([
    {
      name: 'a host that is not JSON',
      unit: { host: 'webapp-0' },
      want: /^invalid data from webapp\/0 on ingress:4: host: not valid JSON/,
    },
    {
      name: 'an ip that is no address',
      unit: { host: '"h"', ip: '"ten"' },
      want: /webapp\/0 on ingress:4: ip: must be an IPv4 or IPv6 address/,
    },
  ])('blocks on a malformed unit bag: $name', async ({ unit, want }) => {
    const { out } = await run(traefikRel({ remoteUnitsData: { 0: unit } }));
    expect(out.unitStatus.message).toMatch(want);
  });

  it('refuses a URL that is not http(s), writing nothing', async () => {
    const ctx = new Context(TraefikCharm);
    TraefikCharm.probe = (charm) =>
      charm.ingress.publishUrl(charm.ingress.relations[0]!, 'not a url');
    const rel = traefikRel();
    const err = await ctx
      .run(ctx.on.updateStatus(), state({ leader: true, relations: [rel] }))
      .catch((e: unknown) => e);
    expect(String((err as Error).cause)).toMatch(
      /cannot publish ingress URL on ingress:4: not a URL/,
    );
  });

  it('normalises a bare host like AnyHttpUrl and wipes', async () => {
    const ctx = new Context(TraefikCharm);
    TraefikCharm.probe = (charm) =>
      charm.ingress.publishUrl(charm.ingress.relations[0]!, 'http://10.0.0.5');
    const rel = traefikRel();
    const out = await ctx.run(ctx.on.updateStatus(), state({ leader: true, relations: [rel] }));
    expect(out.getRelation(4).localAppData).toEqual({ ingress: '{"url": "http://10.0.0.5/"}' });
    TraefikCharm.probe = (charm) => charm.ingress.wipe(charm.ingress.relations[0]!);
    const wiped = await ctx.run(ctx.on.updateStatus(), out);
    expect(wiped.getRelation(4).localAppData).toEqual({});
  });
});
