/**
 * @module The proxy as Pebble runs it, one per unit. Every workload operation goes through
 * Pebble (make-dir, push, exec, layer, replan, send-signal): the charm may run as a different
 * user than Pebble and the workload. A configuration change is pushed and applied with SIGHUP
 * (nginx's graceful reload, the embedded proxy's route swap) so no request is dropped; only a
 * change of the service itself (proxy kind, listen address) restarts it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Container } from '@charmkit/ops';
import type { LayerSpec, ServiceSpec } from '@charmkit/ops/pebble';
import { renderNginxConfig, nginxTempRoot } from './nginx-config.ts';
import { HEALTH_PATH, healthText, hostPort } from './routes.ts';
import type { Listen, RouteTable } from './routes.ts';

export const SERVICE = 'ingress-proxy';
export const CHECK = 'proxy-up';
export type ProxyKind = 'nginx' | 'embedded';

/** What Pebble's side of the world looks like. */
export interface ProxyHost {
  /** Absolute path of nginx, when installed. */
  readonly nginx?: string;
  readonly uid: number;
  readonly user: string;
  readonly group: string;
}

export interface ProxySpec {
  readonly kind: ProxyKind;
  readonly listen: Listen;
  readonly table: RouteTable;
  readonly host: ProxyHost;
}

/** What `apply` did. */
export type ApplyOutcome = 'started' | 'reloaded' | 'unchanged';

/** nginx refused the rendered configuration (`nginx -t`); the running one is kept. */
export class ProxyConfigError extends Error {}

/** Lists nginx, the uid and the user/group names Pebble runs as, in one exec. */
const INSPECT = [
  'PATH="$PATH:/usr/sbin:/sbin"',
  'printf "nginx=%s\\nuid=%s\\nuser=%s\\ngroup=%s\\n" "$(command -v nginx)" "$(id -u)" "$(id -un)" "$(id -gn)"',
].join('; ');

/**
 * Asks the proxy's health path until it answers with the expected text (the routes just
 * applied: nginx reloads asynchronously) or `wait` ms pass; when nothing of ours answers, binds
 * address:port once. Prints `up`, `stale` (ours, still on older routes), `free` or the bind
 * error code (`EADDRINUSE`, …). Run by Pebble, so it sees the network as the workload does.
 */
const PROBE = [
  'const [a, p, want, wait] = process.argv.slice(1);',
  "const h = a.includes(':') ? `[${a}]` : a;",
  'const deadline = Date.now() + Number(wait);',
  'const later = (f) => (Date.now() < deadline ? setTimeout(f, 50) : false);',
  'const bind = () => { const s = require("net").createServer();',
  '  s.once("error", (e) => console.log(e.code));',
  '  s.listen(Number(p), a, () => { console.log("free"); s.close(); }); };',
  `const ask = () => fetch(\`http://\${h}:\${p}${HEALTH_PATH}\`, { signal: AbortSignal.timeout(2000) })`,
  '  .then((r) => r.text())',
  '  .then((t) => {',
  '    if (t === want) console.log("up");',
  '    else if (!t.startsWith("ok ")) bind();',
  '    else if (!later(ask)) console.log("stale");',
  '  }, () => { if (!later(ask)) bind(); });',
  'ask();',
].join('\n');

/**
 * What the probe found: `up` (our proxy answers with the routes given), `stale` (ours, on
 * older routes), `free` (nobody listens) or a bind error code.
 */
export type ProbeResult = string;

export class ProxyWorkload {
  readonly container: Container;
  /** The unit's proxy directory: configuration, pid and temp files. */
  readonly dir: string;
  readonly #charmDir: string;
  readonly #node: string;

  constructor(container: Container, charmDir: string, node: string = process.execPath) {
    this.container = container;
    this.#charmDir = charmDir.replace(/\/+$/, '');
    this.dir = `${this.#charmDir}/.ingress-proxy`;
    this.#node = node;
  }

  /** nginx's path (if any) and Pebble's user, as Pebble sees them. */
  async inspect(): Promise<ProxyHost> {
    const out = await this.container.run(['sh', '-c', INSPECT]);
    const fields = new Map(
      out
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const nginx = fields.get('nginx') ?? '';
    return {
      ...(nginx.startsWith('/') ? { nginx } : {}),
      uid: Number(fields.get('uid') ?? NaN),
      user: fields.get('user') ?? '',
      group: fields.get('group') ?? '',
    };
  }

  /**
   * Writes the configuration and makes the service run it: started when it was not running
   * or its command/environment changed, else reloaded with SIGHUP when the file changed.
   *
   * @throws {ProxyConfigError} when nginx rejects the configuration (nothing is replaced).
   */
  async apply(spec: ProxySpec): Promise<ApplyOutcome> {
    const c = this.container;
    await c.makeDir(nginxTempRoot(this.dir), { makeParents: true, permissions: 0o755 });
    const { name, content } = this.#configFile(spec);
    const path = `${this.dir}/${name}`;
    const changed = (await this.#read(path)) !== content;
    if (changed) {
      if (spec.kind === 'nginx') await this.#validateNginx(spec, content);
      await c.push(path, content, { makeDirs: true, permissions: 0o644 });
    }
    const layer = this.layer(spec);
    const wanted = layer.services?.[SERVICE];
    const before = (await c.getPlan()).services[SERVICE];
    await c.addLayer(SERVICE, layer, { combine: true });
    const running = (await c.getService(SERVICE))?.current === 'active';
    if (running && sameService(before, wanted)) {
      if (!changed) return 'unchanged';
      await c.client.sendSignal('SIGHUP', [SERVICE]);
      return 'reloaded';
    }
    await c.replan();
    return 'started';
  }

  /** The Pebble layer: the service and an HTTP check on the proxy's health path. */
  layer(spec: ProxySpec): LayerSpec {
    const { listen } = spec;
    const command =
      spec.kind === 'nginx'
        ? `${spec.host.nginx ?? 'nginx'} -p ${this.dir}/ -c ${this.dir}/nginx.conf -e stderr`
        : `${this.#node} ${this.#charmDir}/dist/workloads/proxy.js`;
    return {
      summary: 'ingress reverse proxy',
      services: {
        [SERVICE]: {
          override: 'replace',
          summary: `${spec.kind} reverse proxy`,
          command,
          startup: 'enabled',
          environment: {
            INGRESS_PROXY: spec.kind,
            INGRESS_LISTEN_ADDRESS: listen.address,
            INGRESS_LISTEN_PORT: String(listen.port),
            INGRESS_ROUTES: `${this.dir}/routes.json`,
            ...(spec.kind === 'embedded' ? { INGRESS_PROGRAM: this.#programDigest() } : {}),
          },
          'kill-delay': '10s',
          'backoff-delay': '1s',
          'backoff-limit': '10s',
        },
      },
      checks: {
        [CHECK]: {
          override: 'replace',
          level: 'ready',
          period: '5s',
          timeout: '3s',
          threshold: 2,
          http: { url: `http://${hostPort(listen.address, listen.port)}${HEALTH_PATH}` },
        },
      },
    };
  }

  /**
   * Whether our proxy answers on `listen` with `table` in force (waiting for a reload to take
   * effect), and if nothing of ours answers, whether the port is taken.
   */
  async probe(listen: Listen, table: RouteTable, waitMs = 5000): Promise<ProbeResult> {
    const out = await this.container.exec([
      this.#node,
      '-e',
      PROBE,
      listen.address,
      String(listen.port),
      healthText(table),
      String(waitMs),
    ]);
    return out.stdout.trim() || `probe failed: ${out.stderr.trim()}`;
  }

  /** The service's state and the check's, for status. */
  async health(): Promise<{ running: boolean; check: 'up' | 'down' | 'inactive' | undefined }> {
    const service = await this.container.getService(SERVICE);
    const check = await this.container.getCheck(CHECK);
    return { running: service?.current === 'active', check: check?.status };
  }

  /**
   * A digest of the bundled embedded proxy: part of the layer, so a charm refresh that
   * changes the program restarts the service instead of leaving the old one running. Read
   * from the charm's own directory (the charm's files, not the workload's).
   */
  #programDigest(): string {
    const program = `${this.#charmDir}/dist/workloads/proxy.js`;
    if (!existsSync(program)) return 'none';
    return createHash('sha256').update(readFileSync(program)).digest('hex').slice(0, 16);
  }

  #configFile(spec: ProxySpec): { name: string; content: string } {
    if (spec.kind === 'embedded') {
      return { name: 'routes.json', content: `${JSON.stringify(spec.table, null, 2)}\n` };
    }
    const root = spec.host.uid === 0;
    return {
      name: 'nginx.conf',
      content: renderNginxConfig(spec.table, {
        listen: spec.listen,
        dir: this.dir,
        ...(root ? { user: { name: spec.host.user, group: spec.host.group } } : {}),
      }),
    };
  }

  async #read(path: string): Promise<string | undefined> {
    if (!(await this.container.exists(path))) return undefined;
    return String(await this.container.pull(path, { encoding: 'utf8' }));
  }

  async #validateNginx(spec: ProxySpec, content: string): Promise<void> {
    const next = `${this.dir}/nginx.conf.next`;
    await this.container.push(next, content, { makeDirs: true, permissions: 0o644 });
    const nginx = spec.host.nginx ?? 'nginx';
    const result = await this.container.exec([
      nginx,
      '-t',
      '-q',
      '-p',
      `${this.dir}/`,
      '-c',
      next,
      '-e',
      'stderr',
    ]);
    if (result.exitCode !== 0) {
      throw new ProxyConfigError(`nginx rejected the configuration: ${result.stderr.trim()}`);
    }
  }
}

/** Whether the planned service already runs what we want (so a reload is enough). */
function sameService(before: ServiceSpec | undefined, wanted: ServiceSpec | undefined): boolean {
  if (before === undefined || wanted === undefined) return false;
  const sorted = (env: Readonly<Record<string, string>> | undefined): string =>
    JSON.stringify(Object.entries(env ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  return (
    before.command === wanted.command && sorted(before.environment) === sorted(wanted.environment)
  );
}
