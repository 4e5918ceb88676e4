/**
 * @module Reading and writing the model's rows: the one place that knows the SQL shape of
 * applications, units, relations and databags. Everything returns the domain types of
 * `types.ts`; JSON columns are decoded here.
 */
import type { SQLOutputValue } from 'node:sqlite';
import type { CharmMeta, Status } from '@charmkit/ops';
import type { Store } from '../store/database.ts';
import { json } from '../store/database.ts';
import type {
  AgentStatusInfo,
  Application,
  CharmRecord,
  Life,
  Relation,
  RelationEndpoint,
  Settings,
  StatusInfo,
  Unit,
  UnitLocalState,
  World,
} from './types.ts';
import type { Secrets } from './secrets.ts';
import { INITIAL_LOCAL_STATE, settingsKey } from './types.ts';

type R = Record<string, SQLOutputValue>;

export function nowIso(): string {
  return new Date().toISOString();
}

export function statusInfo(status: Status): StatusInfo;
export function statusInfo(status: Omit<AgentStatusInfo, 'since'>): AgentStatusInfo;
export function statusInfo(status: { name: string; message: string }): {
  name: string;
  message: string;
  since: string;
} {
  return { name: status.name, message: status.message, since: nowIso() };
}

export class Repository {
  readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  charm(id: number): CharmRecord {
    const row = this.store.get<R>('SELECT * FROM charms WHERE id = ?', id);
    if (!row) throw new Error(`charm ${id} not found`);
    return {
      id: Number(row.id),
      name: String(row.name),
      revision: Number(row.revision),
      source: String(row.source),
      dir: String(row.dir),
      meta: json<CharmMeta>(row.meta),
    };
  }

  application(model: string, name: string): Application | undefined {
    const row = this.store.get<R>(
      'SELECT * FROM applications WHERE model_uuid = ? AND name = ?',
      model,
      name,
    );
    return row ? this.#application(row) : undefined;
  }

  applications(model: string): Application[] {
    return this.store
      .all<R>('SELECT * FROM applications WHERE model_uuid = ? ORDER BY name', model)
      .map((r) => this.#application(r));
  }

  #application(row: R): Application {
    return {
      name: String(row.name),
      charm: this.charm(Number(row.charm_id)),
      config: json(row.config),
      trust: Number(row.trust) === 1,
      resources: json(row.resources),
      exposed: Number(row.exposed) === 1,
      leader: row.leader === null ? null : String(row.leader),
      life: String(row.life) as Life,
      status: row.status === null ? null : json<StatusInfo>(row.status),
    };
  }

  unit(model: string, name: string): Unit | undefined {
    const row = this.store.get<R>(
      'SELECT * FROM units WHERE model_uuid = ? AND name = ?',
      model,
      name,
    );
    return row ? unitFromRow(row) : undefined;
  }

  units(model: string, app?: string): Unit[] {
    const rows =
      app === undefined
        ? this.store.all<R>('SELECT * FROM units WHERE model_uuid = ?', model)
        : this.store.all<R>('SELECT * FROM units WHERE model_uuid = ? AND app = ?', model, app);
    return rows.map(unitFromRow).sort((a, b) => compareUnits(a.name, b.name));
  }

  relations(model: string): Relation[] {
    return this.store
      .all<R>('SELECT * FROM relations WHERE model_uuid = ? ORDER BY id', model)
      .map((row) => ({
        id: Number(row.id),
        life: String(row.life) as Life,
        endpoints: json<RelationEndpoint[]>(row.endpoints),
      }));
  }

  settings(model: string, relationId: number, owner: string): Settings {
    const row = this.store.get<R>(
      'SELECT data, version FROM settings WHERE model_uuid = ? AND relation_id = ? AND owner = ?',
      model,
      relationId,
      owner,
    );
    return row ? { data: json(row.data), version: Number(row.version) } : { data: {}, version: 0 };
  }

  /** Merges changes into a bag (`''` deletes); bumps the version only if the data changed. */
  updateSettings(
    model: string,
    relationId: number,
    owner: string,
    changes: Readonly<Record<string, string>>,
  ): boolean {
    const current = this.settings(model, relationId, owner);
    const next: Record<string, string> = { ...current.data };
    for (const [k, v] of Object.entries(changes)) {
      if (v === '') delete next[k];
      else next[k] = v;
    }
    if (JSON.stringify(sortKeys(next)) === JSON.stringify(sortKeys(current.data))) return false;
    this.store.run(
      `INSERT INTO settings (model_uuid, relation_id, owner, data, version) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET data = excluded.data, version = excluded.version`,
      model,
      relationId,
      owner,
      JSON.stringify(next),
      current.version + 1,
    );
    return true;
  }

  /** What a committed hook set on its unit: workload version, opened ports, stored state. */
  setUnitFields(
    model: string,
    unit: string,
    fields: {
      workloadVersion?: string;
      ports?: readonly string[];
      storedState?: Readonly<Record<string, string>>;
    },
  ): void {
    const columns: [string, string | undefined][] = [
      ['workload_version', fields.workloadVersion],
      ['ports', fields.ports && JSON.stringify(fields.ports)],
      ['stored_state', fields.storedState && JSON.stringify(fields.storedState)],
    ];
    for (const [column, value] of columns) {
      if (value === undefined) continue;
      this.store.run(
        `UPDATE units SET ${column} = ? WHERE model_uuid = ? AND name = ?`,
        value,
        model,
        unit,
      );
    }
  }

  /** The unit's charm-stored state (`state-get`). */
  unitStoredState(model: string, unit: string): Record<string, string> {
    const row = this.store.get<{ stored_state: string }>(
      'SELECT stored_state FROM units WHERE model_uuid = ? AND name = ?',
      model,
      unit,
    );
    return row ? (JSON.parse(row.stored_state) as Record<string, string>) : {};
  }

  setLocalState(model: string, unit: string, local: UnitLocalState): void {
    this.store.run(
      'UPDATE units SET local_state = ? WHERE model_uuid = ? AND name = ?',
      JSON.stringify(local),
      model,
      unit,
    );
  }

  setUnitStatus(model: string, unit: string, kind: 'workload', status: Status): void;
  setUnitStatus(
    model: string,
    unit: string,
    kind: 'agent',
    status: Omit<AgentStatusInfo, 'since'>,
  ): void;
  setUnitStatus(
    model: string,
    unit: string,
    kind: 'workload' | 'agent',
    status: { name: string; message: string },
  ): void {
    const info = { name: status.name, message: status.message, since: nowIso() };
    const column = kind === 'workload' ? 'workload_status' : 'agent_status';
    this.store.run(
      `UPDATE units SET ${column} = ? WHERE model_uuid = ? AND name = ?`,
      JSON.stringify(info),
      model,
      unit,
    );
    this.store.run(
      'INSERT INTO status_history (model_uuid, entity, kind, status, message, since) VALUES (?, ?, ?, ?, ?, ?)',
      model,
      unit,
      kind,
      info.name,
      info.message,
      info.since,
    );
  }

  world(model: string, pebbleUp?: ReadonlySet<string>, secrets?: Secrets): World {
    const pendingActions = new Map<
      string,
      { id: number; name: string; params: Record<string, unknown> }[]
    >();
    for (const row of this.store.all<R>(
      "SELECT id, unit, name, params FROM actions WHERE model_uuid = ? AND status = 'pending' ORDER BY id",
      model,
    )) {
      const unit = String(row.unit);
      pendingActions.set(unit, [
        ...(pendingActions.get(unit) ?? []),
        { id: Number(row.id), name: String(row.name), params: json(row.params) },
      ]);
    }
    const row = this.store.get<R>('SELECT name FROM models WHERE uuid = ?', model);
    const settings = new Map<string, Settings>();
    for (const s of this.store.all<R>('SELECT * FROM settings WHERE model_uuid = ?', model)) {
      settings.set(settingsKey(Number(s.relation_id), String(s.owner)), {
        data: json(s.data),
        version: Number(s.version),
      });
    }
    return {
      modelUuid: model,
      modelName: String(row?.name ?? ''),
      applications: new Map(this.applications(model).map((a) => [a.name, a])),
      units: new Map(this.units(model).map((u) => [u.name, u])),
      relations: new Map(this.relations(model).map((r) => [r.id, r])),
      settings,
      pendingActions,
      ...(pebbleUp ? { pebbleUp } : {}),
      ...(secrets ? { secrets: secretsView(model, secrets), now: Date.now() } : {}),
    };
  }
}

function secretsView(model: string, secrets: Secrets): NonNullable<World['secrets']> {
  const records = secrets.all(model);
  const revisions = records.map((r) => [r.id, secrets.revisions(model, r.id)] as const);
  return {
    records,
    consumers: secrets.consumers(model),
    revisions: new Map(revisions.map(([id, list]) => [id, list.map((v) => v.revision)])),
    expiring: revisions.flatMap(([secretId, list]) =>
      list.flatMap((v) => (v.expire ? [{ secretId, revision: v.revision, expire: v.expire }] : [])),
    ),
  };
}

function unitFromRow(row: R): Unit {
  return {
    name: String(row.name),
    app: String(row.app),
    life: String(row.life) as Life,
    address: String(row.address),
    workloadStatus: json(row.workload_status),
    agentStatus: json(row.agent_status),
    workloadVersion: String(row.workload_version),
    ports: json(row.ports),
    local: { ...INITIAL_LOCAL_STATE, ...json<Partial<UnitLocalState>>(row.local_state) },
  };
}

/** `app/2` before `app/10`. */
export function compareUnits(a: string, b: string): number {
  const [appA = '', nA = '0'] = a.split('/');
  const [appB = '', nB = '0'] = b.split('/');
  return appA.localeCompare(appB) || Number(nA) - Number(nB);
}

function sortKeys(data: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => a.localeCompare(b)));
}
