/**
 * Both proxies as real processes serving real backends, configured the way the charm
 * configures them: the embedded program (src/workloads/proxy.ts under Node's type stripping)
 * and, when installed, nginx with the rendered nginx.conf. Routing, round-robin,
 * strip-prefix, the forwarding headers, websockets, 404/502, and a reload under load with
 * zero failures. CHARMKIT_REQUIRE_NGINX=1 makes a missing nginx a failure.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { healthText } from '../src/routes.ts';
import type { Route } from '../src/routes.ts';
import { freePort, getWithHost, startBackend } from './helpers/backends.ts';
import type { Backend, Echo } from './helpers/backends.ts';
import { availableKinds, startProxy } from './helpers/proxies.ts';
import type { RunningProxy } from './helpers/proxies.ts';

describe.each(availableKinds())('the %s proxy', (kind) => {
  let proxy: RunningProxy;
  let base: string;
  let backends: Backend[];
  let routes: Route[];

  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${base}${path}`, init);
    return { status: res.status, text: await res.text() };
  };
  const echo = async (path: string, init?: RequestInit) =>
    JSON.parse((await get(path, init)).text) as Echo;

  beforeAll(async () => {
    backends = await Promise.all(['a', 'b', 'c'].map((n) => startBackend(n)));
    const [a, b, c] = backends as [Backend, Backend, Backend];
    routes = [
      {
        id: 'r1',
        app: 'demo-web',
        prefix: '/demo-web',
        stripPrefix: true,
        upstreams: [a.url, b.url],
      },
      { id: 'r2', app: 'demo-api', prefix: '/demo-api', stripPrefix: false, upstreams: [c.url] },
      { id: 'r3', app: 'demo-empty', prefix: '/demo-empty', stripPrefix: false, upstreams: [] },
      {
        id: 'r4',
        app: 'demo-sub',
        host: 'sub.demo.example.com',
        stripPrefix: false,
        upstreams: [c.url],
      },
    ];
    proxy = await startProxy(kind, { address: '127.0.0.1', port: await freePort() }, routes);
    base = proxy.base;
  });

  afterAll(async () => {
    await proxy.stop();
    await Promise.all(backends.map((b) => b.close()));
  });

  it('answers its health path', async () => {
    // `ok` and the digest of the routes in force: how the charm sees a reload take effect.
    expect(await get('/_ingress/health')).toEqual({ status: 200, text: healthText({ routes }) });
    expect(healthText({ routes })).toMatch(/^ok [0-9a-f]{16}\n$/);
    expect(healthText({ routes: routes.slice(1) })).not.toBe(healthText({ routes }));
  });

  it('balances round-robin across a route’s upstreams', async () => {
    const names = [];
    for (let i = 0; i < 4; i++) names.push((await echo('/demo-web/x')).name);
    expect(names.sort()).toEqual(['a', 'a', 'b', 'b']);
  });

  it('strips the prefix when asked, keeping the query, and says so in X-Forwarded-Prefix', async () => {
    const got = await echo('/demo-web/items?id=3');
    expect(got.path).toBe('/items?id=3');
    expect(got.headers['x-forwarded-prefix']).toBe('/demo-web');
    expect((await echo('/demo-web')).path).toBe('/');
    expect((await echo('/demo-web?q=1')).path).toBe('/?q=1');
  });

  it('forwards the path unchanged otherwise', async () => {
    expect((await echo('/demo-api/v1/x')).path).toBe('/demo-api/v1/x');
  });

  it('adds X-Forwarded-For/Proto/Host and keeps Host', async () => {
    const { headers } = await echo('/demo-api/');
    expect(headers['x-forwarded-for']).toMatch(/127\.0\.0\.1/);
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-host']).toBe(new URL(base).host);
    expect(headers.host).toBe(new URL(base).host);
  });

  it('routes by Host in subdomain mode', async () => {
    const got = await getWithHost(`${base}/p`, 'sub.demo.example.com:8080');
    expect(JSON.parse(got.text)).toMatchObject({ name: 'c', path: '/p' });
    expect((await getWithHost(`${base}/p`, 'other.example.com')).status).toBe(404);
  });

  it('answers 404 for unknown paths and prefixes that only look alike', async () => {
    expect((await get('/nothing')).status).toBe(404);
    expect((await get('/demo-webx')).status).toBe(404);
  });

  it('answers 502 with a clear body when a route has no upstream', async () => {
    expect(await get('/demo-empty/')).toEqual({
      status: 502,
      text: 'no upstream available for demo-empty\n',
    });
  });

  it('proxies websockets', async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/demo-web/socket`);
    const message = await new Promise<string>((resolve, reject) => {
      ws.addEventListener('message', (e) => resolve(String(e.data)));
      ws.addEventListener('error', () => reject(new Error('websocket failed')));
    });
    ws.close();
    expect(message).toMatch(/^hello from [ab] at \/socket$/);
  });

  /**
   * The embedded proxy keeps every connection across a reload, so a plain client sees no
   * error at all. nginx's old workers close their idle keep-alive connections; a request sent
   * on one at that instant finds it closed before any response, which RFC 9110 §9.2.2 lets a
   * client retry for idempotent methods (browsers and curl do). Only that case is retried,
   * once, and only for nginx; the retries are counted.
   */
  it('reloads on SIGHUP under load without a failed request', async () => {
    const [a, b, c] = backends as [Backend, Backend, Backend];
    const failures: string[] = [];
    let done = 0;
    let retries = 0;
    let running = true;
    const once = async () => {
      const res = await fetch(`${base}/demo-web/load`);
      await res.text();
      if (res.status !== 200) failures.push(`status ${res.status}`);
    };
    const closedBeforeResponse = (error: unknown) =>
      /other side closed|ECONNRESET/.test(String((error as Error).cause));
    // nginx's old workers close their idle kept-alive connections when a reload lands; a
    // request that raced onto one was never read, and clients retry it on a new connection,
    // as browsers and HTTP libraries do. More than one pooled connection can be stale at once.
    const attempt = async (left: number): Promise<void> =>
      once().catch(async (error: unknown) => {
        if (kind !== 'nginx' || !closedBeforeResponse(error) || left === 0) throw error;
        retries++;
        await attempt(left - 1);
      });
    const worker = async () => {
      while (running) {
        try {
          await attempt(4);
        } catch (error) {
          failures.push(`${String(error)} ${String((error as Error).cause)}`);
        }
        done++;
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    const variants: Route[][] = [
      [{ id: 'r1', app: 'demo-web', prefix: '/demo-web', stripPrefix: true, upstreams: [c.url] }],
      [
        { id: 'r1', app: 'demo-web', prefix: '/demo-web', stripPrefix: false, upstreams: [a.url] },
        { id: 'r5', app: 'demo-new', prefix: '/demo-new', stripPrefix: true, upstreams: [b.url] },
      ],
    ];
    for (let i = 0; i < 10; i++) {
      proxy.reload(variants[i % 2]!);
      await new Promise((r) => setTimeout(r, 100));
    }
    running = false;
    await Promise.all(workers);
    expect(failures).toEqual([]);
    expect(done).toBeGreaterThan(100);
    if (kind === 'embedded') expect(retries).toBe(0);
    else
      console.log(
        `nginx: ${retries} of ${done} requests retried after a reload closed an idle connection`,
      );
    if (kind === 'embedded') expect(proxy.stderr()).toContain('reloaded 2 route(s)');
    // nginx applies a reload asynchronously, and a kept-alive connection to an old worker
    // may serve one more request with the old routes: wait until the new ones answer.
    await vi.waitFor(async () => expect((await echo('/demo-new/z')).name).toBe('b'), {
      timeout: 5000,
      interval: 50,
    });
  });

  it('keeps the old routes when the new file does not parse', async () => {
    proxy.reloadBroken();
    // The proxy reports the bad file once it has read it: within moments, longer on a busy machine.
    await vi.waitFor(
      () =>
        expect(proxy.stderr()).toMatch(
          kind === 'embedded'
            ? /reload failed, keeping the old routes/
            : /unknown directive "this"/,
        ),
      { timeout: 10_000, interval: 100 },
    );
    const after = await get('/demo-new/z');
    expect(after.status, `${after.text}\n${proxy.stderr()}`).toBe(200);
  });
});
