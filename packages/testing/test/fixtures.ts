/** A small charm exercising one of everything, for the SDK behaviour tests. */
import { Charm, active, blocked, waiting } from '@charmkit/ops';
import type { CharmMeta, Framework } from '@charmkit/ops';
import { z } from 'zod';

export const meta = {
  name: 'probe',
  requires: { db: { interface: 'postgresql_client', limit: 1 } },
  provides: { website: { interface: 'http' } },
  peers: { cluster: { interface: 'probe-peers' } },
  containers: { app: {} },
  storage: { data: { type: 'filesystem' } },
  resources: {},
  config: {
    mode: { type: 'string', default: 'fast' },
    workers: { type: 'int', default: 2 },
    password: { type: 'secret' },
  },
  actions: {
    report: {
      params: { depth: { type: 'integer', default: 1 }, detail: { type: 'object' } },
      required: [],
      additionalProperties: false,
    },
  },
} as const satisfies CharmMeta;

type Meta = typeof meta;

/** Records what happened; tests switch behaviours through config `mode`. */
export class ProbeCharm extends Charm<Meta> {
  static readonly metadata = meta;
  static seen: string[] = [];

  constructor(framework: Framework<Meta>) {
    super(framework);
    this.observe('config-changed', (event) => {
      ProbeCharm.seen.push(`config-changed${event.reemitted ? ' (again)' : ''}`);
      if (this.model.config.mode === 'defer') event.defer();
    });
    this.observe(
      'relation-broken',
      (event) => {
        ProbeCharm.seen.push(`broken:${event.relation.id}`);
      },
      { endpoint: 'db' },
    );
    this.onAction('report', (action) => {
      action.log('reporting');
      action.setResults({ depth: action.params.depth, nested: { a: 1, ok: true } });
    });
  }

  override reconcile(): void | Promise<void> {
    const mode = this.model.config.mode;
    if (mode === 'crash') throw new TypeError('reconcile exploded');
    const db = this.model.relation('db');
    if (!db) {
      this.unit.addStatus(blocked('missing integrations: db'));
      return;
    }
    const { endpoint } = db.remoteAppData.parse(z.object({ endpoint: z.string().min(1) }));
    db.localUnitData.set('seen-endpoint', endpoint);
    const counter = this.model.storedState.get('counter', z.number()) ?? 0;
    this.model.storedState.set('counter', counter + 1);
    this.unit.addStatus(waiting('still warming up'));
    this.unit.addStatus(active());
  }
}
