/**
 * @module The hello-web charm: the SDK's worked example, written the way docs/sdk.md teaches.
 * One `reconcile()` reads every source (config, the api-token secret, the peer relation) and
 * drives every sink (the workload file, the Pebble layer, ports, peer data); status is
 * collected, never set directly.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Charm, SecretNotFoundError, Secret, active, blocked, waiting } from '@charmkit/ops';
import type { CharmEvent, Framework } from '@charmkit/ops';
import type { LayerSpec } from '@charmkit/ops/pebble';
import { z } from 'zod';
import { metadata } from './metadata.generated.ts';

type Meta = typeof metadata;

/** Where the workload lives inside the `web` container, by default. */
export const SERVER_PATH = '/srv/hello-web/server.mjs';
const SERVER_FILE = 'server.mjs';
export const SERVICE = 'hello-web';
const CLUSTER_KEY_FIELD = 'cluster-key-secret';
const CLUSTER_KEY_LABEL = 'cluster-key';

function newClusterKey(): Record<string, string> {
  return { 'cluster-key': randomBytes(16).toString('hex') };
}

const configSchema = z.object({
  port: z.number().int().min(1024, 'must be 1024 or more').max(65535, 'must be 65535 or less'),
  greeting: z.string().trim().min(1, 'must not be empty').max(64, 'must be 64 characters or fewer'),
  'api-token': z.instanceof(Secret).optional(),
  'server-dir': z.string().startsWith('/', 'must be an absolute path'),
});
type HelloConfig = z.infer<typeof configSchema>;

export class HelloWebCharm extends Charm<Meta> {
  static readonly metadata = metadata;

  constructor(framework: Framework<Meta>) {
    super(framework);
    this.onAction('greet', (action) => {
      const name = action.params.name.trim();
      if (name === '') {
        action.fail('name must not be empty');
        return;
      }
      const { greeting } = this.loadConfig(configSchema);
      const text = `${greeting}, ${name}!`;
      action.setResults({ greeting: action.params.loud ? text.toUpperCase() : text });
    });
    // Rotation is inherently an event: Juju re-fires it until a new revision exists.
    this.observe('secret-rotate', (event) => {
      if (event.secret.label === CLUSTER_KEY_LABEL) event.secret.setContent(newClusterKey());
    });
  }

  /** Nothing to converge before install, or while the unit is going away. */
  override shouldReconcile(event: CharmEvent<Meta>): boolean {
    return event.kind !== 'install' && event.kind !== 'stop' && event.kind !== 'remove';
  }

  override async reconcile(): Promise<void> {
    const config = this.loadConfig(configSchema);
    const token = this.#apiToken(config);
    if (token === null) return;
    const clusterKey = this.#clusterKey();
    const web = this.unit.container('web');
    if (!(await web.canConnect())) {
      this.unit.addStatus(waiting('waiting for Pebble in the web container'));
      return;
    }
    const serverPath = `${config['server-dir']}/${SERVER_FILE}`;
    await web.push(serverPath, await this.#serverSource(), { makeDirs: true, permissions: 0o644 });
    await web.addLayer(SERVICE, this.#layer(config, token, clusterKey), { combine: true });
    await web.replan();
    this.unit.setPorts([{ protocol: 'tcp', port: config.port }]);
    this.unit.setWorkloadVersion('1.0.0');
    if (clusterKey === undefined) {
      this.unit.addStatus(waiting('waiting for the leader to share the cluster key'));
    }
    this.unit.addStatus(active(`serving on :${config.port}`));
  }

  /** A failing /health check outranks the active status reconcile added. */
  override async collectUnitStatus(): Promise<void> {
    const web = this.unit.container('web');
    if (!(await web.canConnect())) return;
    if ((await web.getCheck('alive'))?.status === 'down') {
      this.unit.addStatus(waiting('greeting server is not answering /health'));
    }
  }

  /** The bearer token, undefined when none is configured, null when the secret is unusable. */
  #apiToken(config: HelloConfig): string | undefined | null {
    const secret = config['api-token'];
    if (!secret) return undefined;
    try {
      const token = secret.getContent().token;
      if (token) return token;
      this.unit.addStatus(blocked('api-token secret has no "token" key'));
    } catch (error) {
      if (!(error instanceof SecretNotFoundError)) throw error;
      this.unit.addStatus(
        blocked(
          `api-token secret not found or not granted (juju grant-secret <secret> ${this.app.name})`,
        ),
      );
    }
    return null;
  }

  /** The leader creates one app-owned secret; every unit reads it through the peer relation. */
  #clusterKey(): string | undefined {
    const peers = this.model.relation('peers');
    if (!peers) return undefined;
    let id = peers.localAppData.get(CLUSTER_KEY_FIELD);
    if (id === undefined && this.unit.isLeader()) {
      const secret = this.app.addSecret(newClusterKey(), {
        label: CLUSTER_KEY_LABEL,
        rotate: 'monthly',
      });
      id = secret.id;
      if (id !== undefined) peers.localAppData.set(CLUSTER_KEY_FIELD, id);
    }
    return id === undefined ? undefined : this.model.getSecret({ id }).getContent()['cluster-key'];
  }

  #layer(
    config: HelloConfig,
    token: string | undefined,
    clusterKey: string | undefined,
  ): LayerSpec {
    const host = this.model.bindAddress('peers') ?? '0.0.0.0';
    return {
      summary: 'hello-web greeting server',
      services: {
        [SERVICE]: {
          override: 'replace',
          summary: 'greeting server',
          command: `node ${config['server-dir']}/${SERVER_FILE}`,
          startup: 'enabled',
          environment: {
            PORT: String(config.port),
            HOST: host,
            GREETING: config.greeting,
            UNIT_NAME: this.unit.name,
            ...(token ? { API_TOKEN: token } : {}),
            ...(clusterKey ? { CLUSTER_KEY: clusterKey } : {}),
          },
        },
      },
      checks: {
        alive: {
          override: 'replace',
          level: 'alive',
          period: '10s',
          http: { url: `http://${host}:${config.port}/health` },
        },
      },
    };
  }

  async #serverSource(): Promise<string> {
    return readFile(join(this.framework.juju.charmDir, 'workload', 'server.mjs'), 'utf8');
  }
}
