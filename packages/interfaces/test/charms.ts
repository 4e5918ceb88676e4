/** Small test charms, one per interface side; tests set `probe` to look inside a run. */
import { Charm, InvalidRelationDataError, blocked } from '@charmkit/ops';
import type { CharmMeta, Framework } from '@charmkit/ops';
import {
  DatabaseProvider,
  DatabaseRequirer,
  IngressProvider,
  IngressRequirer,
} from '../src/index.ts';
import type { DatabaseChange, DatabaseRequestEvent, IngressReadyEvent } from '../src/index.ts';

const empty = {
  peers: {},
  containers: {},
  storage: {},
  resources: {},
  config: {},
  actions: {},
} as const;

export const webappMeta = {
  ...empty,
  name: 'webapp',
  requires: {
    postgresql: { interface: 'postgresql_client', limit: 1 },
    ingress: { interface: 'ingress', limit: 1 },
  },
  provides: {},
} as const satisfies CharmMeta;

/** paas-charm's shape: database named after the app, ingress on 8000 with strip-prefix. */
export class WebappCharm extends Charm<typeof webappMeta> {
  static readonly metadata = webappMeta;
  static probe: ((charm: WebappCharm) => void) | undefined;
  static changes: DatabaseChange[] = [];
  static ingressEvents: (IngressReadyEvent | 'revoked')[] = [];
  static extraUserRoles: string | undefined;
  readonly db: DatabaseRequirer;
  readonly ingress: IngressRequirer;

  constructor(framework: Framework<typeof webappMeta>) {
    super(framework);
    this.db = new DatabaseRequirer(this, {
      endpoint: 'postgresql',
      database: this.app.name,
      ...(WebappCharm.extraUserRoles ? { extraUserRoles: WebappCharm.extraUserRoles } : {}),
      onChange: (change) => {
        WebappCharm.changes.push(change);
      },
    });
    this.ingress = new IngressRequirer(this, {
      endpoint: 'ingress',
      port: 8000,
      stripPrefix: true,
      host: 'webapp-0.webapp-endpoints.demo.svc.cluster.local',
      onReady: (event) => {
        WebappCharm.ingressEvents.push(event);
      },
      onRevoked: () => {
        WebappCharm.ingressEvents.push('revoked');
      },
    });
  }

  override reconcile(): void {
    WebappCharm.probe?.(this);
  }
}

export const postgresMeta = {
  ...empty,
  name: 'postgresql-k8s',
  requires: {},
  provides: { database: { interface: 'postgresql_client' } },
} as const satisfies CharmMeta;

export class PostgresCharm extends Charm<typeof postgresMeta> {
  static readonly metadata = postgresMeta;
  static probe: ((charm: PostgresCharm) => void) | undefined;
  static requested: DatabaseRequestEvent[] = [];
  readonly db: DatabaseProvider;

  constructor(framework: Framework<typeof postgresMeta>) {
    super(framework);
    this.db = new DatabaseProvider(this, {
      endpoint: 'database',
      onRequest: (event) => {
        PostgresCharm.requested.push(event);
      },
    });
  }

  override reconcile(): void {
    PostgresCharm.probe?.(this);
  }
}

export const traefikMeta = {
  ...empty,
  name: 'traefik',
  requires: {},
  provides: { ingress: { interface: 'ingress' } },
} as const satisfies CharmMeta;

export class TraefikCharm extends Charm<typeof traefikMeta> {
  static readonly metadata = traefikMeta;
  static probe: ((charm: TraefikCharm) => void) | undefined;
  readonly ingress: IngressProvider;

  constructor(framework: Framework<typeof traefikMeta>) {
    super(framework);
    this.ingress = new IngressProvider(this, { endpoint: 'ingress' });
  }

  override reconcile(): void {
    TraefikCharm.probe?.(this);
  }
}

/** Runs `fn`, turning InvalidRelationDataError into the status the framework would set. */
export function blockedOn(charm: Charm<CharmMeta>, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidRelationDataError) charm.unit.addStatus(blocked(error.message));
    else throw error;
  }
}

export function reset(): void {
  WebappCharm.probe = undefined;
  WebappCharm.changes = [];
  WebappCharm.ingressEvents = [];
  WebappCharm.extraUserRoles = undefined;
  PostgresCharm.probe = undefined;
  PostgresCharm.requested = [];
  TraefikCharm.probe = undefined;
}
