/**
 * @module `ExpressCharm`: a 12-factor charm for an Express (any `npm start`) app, after
 * paas-charm. `reconcile()` reads the app (the `app-image` resource), computes the
 * environment from config and integrations, runs the `migrate` script once per release on
 * the leader before that release serves, runs `npm start` plus `*-worker` (every unit) and
 * `*-scheduler` (leader) processes under Pebble on the unit's own address, restarts units
 * one at a time when the environment changes, and calls the unit active only once the app
 * answers its health path.
 */
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { DatabaseRequirer, IngressRequirer } from '@charmkit/interfaces';
import { Charm, active, blocked, maintenance, waiting } from '@charmkit/ops';
import type { CharmMeta, Container, Framework, Relation } from '@charmkit/ops';
import type { LayerSpec } from '@charmkit/ops/pebble';
import { processScripts, readAppSource } from './app-source.ts';
import type { AppSource } from './app-source.ts';
import { writeBindPreload } from './bind-address.ts';
import { databaseEnv, frameworkEnv, userConfigEnv } from './environment.ts';
import { RestartLock } from './restart-lock.ts';

const CONTAINER = 'app';
const PEERS = 'secret-storage';
const SECRET_KEY = 'expressjs_secret_key';
const MIGRATED = 'migrated-release';
const SERVICE = 'app';
const HEALTH_TIMEOUT_MS = 30_000;

/** The environment and processes one unit should run. */
interface Desired {
  readonly env: Record<string, string>;
  readonly layer: LayerSpec;
  readonly digest: string;
}

export class ExpressCharm extends Charm<CharmMeta> {
  readonly db: DatabaseRequirer | undefined;
  readonly ingress: IngressRequirer | undefined;

  constructor(framework: Framework<CharmMeta>) {
    super(framework);
    const requires = this.framework.meta.requires;
    this.db = requires.postgresql
      ? new DatabaseRequirer(this, { endpoint: 'postgresql', database: this.app.name })
      : undefined;
    this.ingress = requires.ingress
      ? new IngressRequirer(this, { endpoint: 'ingress', port: this.#port(), stripPrefix: true })
      : undefined;
  }

  #port(): number {
    return Number(this.config['app-port'] ?? 8080);
  }

  /**
   * Extra environment for the workload, merged last. Override to add variables.
   *
   * @example
   * protected override extraEnvironment() { return { FEATURE_X: 'on' }; }
   */
  protected extraEnvironment(): Record<string, string> {
    return {};
  }

  override shouldReconcile(event: { kind: string }): boolean {
    return event.kind !== 'stop' && event.kind !== 'remove';
  }

  override async reconcile(): Promise<void> {
    const container = this.unit.container(CONTAINER);
    if (!(await container.canConnect())) {
      this.unit.addStatus(waiting('Waiting for pebble ready'));
      return;
    }
    const peers = this.model.relation(PEERS);
    const secretKey = this.#secretKey(peers);
    if (!peers || secretKey === undefined) {
      this.unit.addStatus(waiting('Waiting for peer integration'));
      return;
    }
    this.db?.request();
    this.ingress?.publish();
    const lock = new RestartLock(peers, this.unit.name);
    if (this.unit.isLeader()) lock.grant();
    const missing = this.#missingIntegrations();
    if (missing.length > 0) {
      this.unit.addStatus(blocked(`missing integrations: ${missing.join(', ')}`));
      return;
    }
    const app = await readAppSource(container, this.model.resourcePath('app-image'));
    if ('problem' in app) {
      this.unit.addStatus(blocked(app.problem));
      return;
    }
    const address = this.model.bindAddress(PEERS) ?? '127.0.0.1';
    peers.localUnitData.set('address', address);
    const desired = this.#desired(app, address, secretKey, peers);
    if (!(await this.#dependencies(container, app, desired.env))) return;
    if (!(await this.#migrated(container, app, desired.env, peers))) return;
    await this.#serve(container, desired, lock, address);
  }

  /** Required endpoints (`optional` not true) without usable data, as paas-charm lists them. */
  #missingIntegrations(): string[] {
    const missing: string[] = [];
    for (const [name, endpoint] of Object.entries(this.framework.meta.requires)) {
      if (endpoint.optional === true) continue;
      const ready =
        name === 'postgresql'
          ? this.db?.connection() !== undefined
          : this.model.relations(name).length > 0;
      if (!ready) missing.push(name);
    }
    return missing;
  }

  /** The leader makes the app's secret key once, in the peer app data (as paas-charm). */
  #secretKey(peers: Relation | null): string | undefined {
    if (!peers) return undefined;
    const configured = this.config['app-secret-key'];
    if (typeof configured === 'string' && configured) return configured;
    let key = peers.localAppData.get(SECRET_KEY);
    if (key === undefined && this.unit.isLeader()) {
      key = randomBytes(48).toString('base64url');
      peers.localAppData.set(SECRET_KEY, key);
    }
    return key;
  }

  #desired(app: AppSource, address: string, secretKey: string, peers: Relation): Desired {
    const port = this.#port();
    const conn = this.db?.connection();
    const dbUrl = conn
      ? (conn.uris ??
        `postgresql://${conn.username}:${encodeURIComponent(conn.password)}@${conn.endpoints[0]?.host}:${conn.endpoints[0]?.port}/${conn.database}`)
      : undefined;
    const addresses = [address, ...peers.units.map((u) => peers.remoteUnitData(u).get('address'))];
    const env: Record<string, string> = {
      ...userConfigEnv(this.config),
      ...frameworkEnv({
        nodeEnv: String(this.config['node-env'] ?? 'production'),
        port,
        metricsPort: Number(this.config['metrics-port'] ?? 9464),
        metricsPath: String(this.config['metrics-path'] ?? '/metrics'),
        secretKey,
        baseUrl: this.ingress?.url() ?? `http://${address}:${port}`,
        peerFqdns: addresses.filter((a): a is string => a !== undefined).sort(),
      }),
      ...(dbUrl ? { ...databaseEnv('postgresql', dbUrl), DATABASE_URL: dbUrl } : {}),
      ...this.extraEnvironment(),
    };
    const layer = this.#layer(app, env, address);
    const digest = createHash('sha256')
      .update(JSON.stringify([layer, app.release]))
      .digest('hex')
      .slice(0, 16);
    return { env, layer, digest };
  }

  /** The service environment: the app's, plus what runs it (Node 24, the bind preload). */
  #processEnv(env: Record<string, string>, address: string): Record<string, string> {
    const preload = writeBindPreload(join(this.framework.juju.charmDir, '.paas'));
    return {
      ...env,
      PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
      NODE_OPTIONS: `--import ${preload}`,
      CHARMKIT_BIND_ADDRESS: address,
      NPM_CONFIG_UPDATE_NOTIFIER: 'false',
      NPM_CONFIG_FUND: 'false',
    };
  }

  #layer(app: AppSource, env: Record<string, string>, address: string): LayerSpec {
    const environment = this.#processEnv(env, address);
    const service = (command: string) => ({
      override: 'replace' as const,
      command,
      'working-dir': app.dir,
      startup: 'enabled' as const,
      'on-failure': 'restart' as const,
      environment,
    });
    const services = Object.fromEntries<ReturnType<typeof service>>([
      [SERVICE, service('npm start')],
      ...processScripts(app.scripts, this.unit.isLeader()).map(
        (name): [string, ReturnType<typeof service>] => [name, service(`npm run ${name}`)],
      ),
    ]);
    const path = String(this.config['app-healthcheck-path'] ?? '/');
    return {
      summary: 'the 12-factor app',
      services,
      checks: {
        'app-ready': {
          override: 'replace',
          level: 'ready',
          period: '10s',
          threshold: 3,
          http: { url: `http://${address}:${this.#port()}${path}` },
        },
      },
    };
  }

  /** `npm ci --omit=dev` once, for an app with a lockfile and no node_modules. */
  async #dependencies(
    container: Container,
    app: AppSource,
    env: Record<string, string>,
  ): Promise<boolean> {
    if (!app.hasLockfile || app.hasNodeModules) return true;
    const install = await container.exec(['npm', 'ci', '--omit=dev'], {
      workingDir: app.dir,
      environment: { ...env, PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin` },
      timeoutMs: 600_000,
    });
    if (install.exitCode === 0) return true;
    this.unit.addStatus(blocked(`npm ci failed: ${lastLine(install.stderr || install.stdout)}`));
    return false;
  }

  /**
   * The leader runs `npm run migrate` once per release, before that release serves; other
   * units wait for it. A failure blocks and leaves the running release as it is.
   */
  async #migrated(
    container: Container,
    app: AppSource,
    env: Record<string, string>,
    peers: Relation,
  ): Promise<boolean> {
    if (!app.scripts.migrate || peers.localAppData.get(MIGRATED) === app.release) return true;
    if (!this.unit.isLeader()) {
      this.unit.addStatus(waiting('waiting for the leader to migrate the database'));
      return false;
    }
    const run = await container.exec(['npm', 'run', 'migrate'], {
      workingDir: app.dir,
      environment: {
        ...env,
        PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
      },
      timeoutMs: 300_000,
    });
    if (run.exitCode !== 0) {
      this.logger.error(`migration failed: ${run.stderr || run.stdout}`);
      this.unit.addStatus(
        blocked(
          'database migration command [npm run migrate] failed, will retry in next update-status',
        ),
      );
      return false;
    }
    peers.localAppData.set(MIGRATED, app.release);
    this.logger.info(`migrated release ${app.release}`);
    return true;
  }

  /** Starts, or restarts in turn, the app's processes; active once it answers. */
  async #serve(
    container: Container,
    desired: Desired,
    lock: RestartLock,
    address: string,
  ): Promise<void> {
    const applied = this.model.storedState.get('applied');
    const running = (await container.getService(SERVICE))?.current === 'active';
    if (applied !== desired.digest) {
      if (running) {
        lock.request(desired.digest);
        if (this.unit.isLeader()) lock.grant();
        if (!lock.granted()) {
          this.unit.addStatus(maintenance('Preparing service for restart'));
          return;
        }
      }
      await container.addLayer('paas', desired.layer, { combine: true });
      await container.replan();
      this.model.storedState.set('applied', desired.digest);
    }
    const path = String(this.config['app-healthcheck-path'] ?? '/');
    const healthy = await answers(`http://${address}:${this.#port()}${path}`, HEALTH_TIMEOUT_MS);
    if (!healthy) {
      this.unit.addStatus(waiting(`waiting for the app to answer on ${path}`));
      return;
    }
    lock.done(desired.digest);
    this.unit.setPorts([{ protocol: 'tcp', port: this.#port() }]);
    this.unit.addStatus(active());
  }
}

/** Whether `url` answers with a non-5xx status within `timeoutMs`. */
async function answers(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return true;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
