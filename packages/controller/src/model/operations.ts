/**
 * @module What a client can change in a model — deploy, scale, integrate, configure,
 * remove — each one transaction that validates in Juju's words and changes nothing when it
 * fails. The hooks these changes cause are not queued here: the resolver derives them from
 * the new model.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CharmMeta, Status } from '@charmkit/ops';
import type { Store } from '../store/database.ts';
import { SecretCipher } from '../store/crypto.ts';
import { Actions } from './actions.ts';
import { Secrets } from './secrets.ts';
import { WorkloadEvents } from './workload-events.ts';
import { validateConfig } from './config.ts';
import type { Constraints } from './constraints.ts';
import type { ConfigValue } from './config.ts';
import { closest } from './closest-name.ts';
import { endpointOf, endpointsNamed, matchEndpoints, relationKey } from './endpoints.ts';
import { ControllerError } from './errors.ts';
import {
  modelConfig,
  modelConstraints,
  setModelConfig,
  setModelConstraints,
} from './model-settings.ts';
import { addUnitStorage, storageByUnit } from './storage.ts';
import { validateResources } from './resources.ts';
import { nowIso, Repository, statusInfo } from './repository.ts';
import type {
  Application,
  CharmRecord,
  Relation,
  RelationEndpoint,
  StorageInstance,
  UnitLocalState,
  World,
} from './types.ts';
import { appOf, INITIAL_LOCAL_STATE } from './types.ts';

export interface DeployOptions {
  readonly name?: string;
  readonly config?: Readonly<Record<string, ConfigValue>>;
  readonly numUnits?: number;
  readonly trust?: boolean;
  /** `--resource name=path`: files for the charm's `file` resources. */
  readonly resources?: Readonly<Record<string, string>>;
}

export class ModelOperations {
  readonly repo: Repository;
  readonly actions: Actions;
  readonly secrets: Secrets;
  readonly workloadEvents: WorkloadEvents;
  readonly #store: Store;

  readonly #storageRoot: string;

  /**
   * `cipher` encrypts secret content (tests may leave it out for a throwaway key);
   * `storageRoot` is where units' filesystem storage directories go.
   */
  constructor(
    store: Store,
    cipher: SecretCipher = new SecretCipher(randomBytes(32)),
    storageRoot = join(tmpdir(), 'charmkit-storage'),
  ) {
    this.#store = store;
    this.#storageRoot = storageRoot;
    this.repo = new Repository(store);
    this.actions = new Actions(this.repo);
    this.secrets = new Secrets(store, cipher);
    this.workloadEvents = new WorkloadEvents(store);
  }

  /** The model as the resolver sees it. */
  world(model: string, pebbleUp?: ReadonlySet<string>): World {
    return {
      ...this.repo.world(model, pebbleUp, this.secrets),
      workloadEvents: this.workloadEvents.pending(model),
      storage: this.storageByUnit(model),
    };
  }

  /** Storage instances per unit. */
  storageByUnit(model: string): Map<string, StorageInstance[]> {
    return storageByUnit(this.#store, model);
  }

  createModel(name: string): string {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      throw new ControllerError('invalid', `"${name}" is not a valid name for a model`);
    }
    if (this.#store.get('SELECT 1 FROM models WHERE name = ?', name)) {
      throw new ControllerError('already-exists', `model "${name}" already exists`);
    }
    const uuid = randomUUID();
    this.#store.run(
      'INSERT INTO models (uuid, name, created) VALUES (?, ?, ?)',
      uuid,
      name,
      nowIso(),
    );
    return uuid;
  }

  /** Model config (`juju model-config`): validated keys only. */
  modelConfig(model: string): Record<string, string> {
    return modelConfig(this.#store, model);
  }

  /** `juju model-constraints`. */
  modelConstraints(model: string): Constraints {
    return modelConstraints(this.#store, model);
  }

  /** `juju set-model-constraints k=v…`: replaces them all, as Juju does. */
  setModelConstraints(model: string, values: Readonly<Record<string, string>>): Constraints {
    return setModelConstraints(this.#store, model, values);
  }

  setModelConfig(
    model: string,
    values: Readonly<Record<string, string>>,
    reset: readonly string[] = [],
  ): void {
    setModelConfig(this.#store, model, { values, reset });
  }

  modelUuid(name: string): string {
    const row = this.#store.get<{ uuid: string }>(
      'SELECT uuid FROM models WHERE name = ? OR uuid = ?',
      name,
      name,
    );
    if (!row) throw new ControllerError('not-found', `model "${name}" not found`);
    return row.uuid;
  }

  /** Records a charm; local revisions count up per charm name from 0. */
  addCharm(
    model: string,
    charm: { name: string; dir: string; meta: CharmMeta; source?: string },
  ): CharmRecord {
    const revision = this.#store.next(model, `charm:${charm.name}`, 0);
    const { lastId } = this.#store.run(
      'INSERT INTO charms (model_uuid, name, revision, source, dir, meta) VALUES (?, ?, ?, ?, ?, ?)',
      model,
      charm.name,
      revision,
      charm.source ?? 'local',
      charm.dir,
      JSON.stringify(charm.meta),
    );
    return this.repo.charm(lastId);
  }

  deploy(model: string, charm: CharmRecord, options: DeployOptions = {}): Application {
    const name = options.name ?? charm.meta.name;
    return this.#store.transaction(() => {
      if (this.repo.application(model, name)) {
        throw new ControllerError(
          'already-exists',
          `cannot add application "${name}": application already exists`,
        );
      }
      const config = validateConfig(charm.meta, options.config ?? {});
      const resources = validateResources(charm.meta, options.resources ?? {});
      this.#store.run(
        'INSERT INTO applications (model_uuid, name, charm_id, config, trust, resources) VALUES (?, ?, ?, ?, ?, ?)',
        model,
        name,
        charm.id,
        JSON.stringify(config),
        options.trust ? 1 : 0,
        JSON.stringify(resources),
      );
      for (const [endpoint, rel] of Object.entries(charm.meta.peers)) {
        this.#addRelation(model, [endpointOf(name, endpoint, rel, 'peer')]);
      }
      this.addUnits(model, name, options.numUnits ?? 1);
      return this.repo.application(model, name)!;
    });
  }

  addUnits(model: string, app: string, count: number): string[] {
    if (!Number.isInteger(count) || count < 0)
      throw new ControllerError('invalid', `invalid number of units ${count}`);
    return this.#store.transaction(() => {
      const application = this.requireApp(model, app);
      if (application.life !== 'alive')
        throw new ControllerError('invalid', `application "${app}" is not alive`);
      const names: string[] = [];
      for (let i = 0; i < count; i++) {
        const n = this.#store.next(model, `unit:${app}`, 0);
        const name = `${app}/${n}`;
        this.#store.run(
          `INSERT INTO units (model_uuid, name, app, address, workload_status, agent_status, local_state)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          model,
          name,
          app,
          this.#allocateAddress(),
          JSON.stringify(statusInfo({ name: 'waiting', message: 'installing agent' })),
          JSON.stringify(statusInfo({ name: 'allocating', message: '' })),
          JSON.stringify(INITIAL_LOCAL_STATE),
        );
        addUnitStorage(
          this.#store,
          { model, unit: name, root: this.#storageRoot },
          application.charm.meta,
        );
        names.push(name);
      }
      this.electLeader(model, app);
      return names;
    });
  }

  /**
   * Each unit gets its own loopback address, counting up from a block this controller picked
   * at random on first use (127.b.c.2, 127.b.c.3, …), so that two controllers on one machine
   * (parallel test runs) do not hand out the same addresses.
   */
  #allocateAddress(): string {
    const block = (1 + randomInt(250)) * 0x10000 + randomInt(256) * 0x100;
    const n = this.#store.next('controller', 'address', block + 2);
    return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  }

  /** Makes the lowest-numbered alive unit leader when the app has none. */
  electLeader(model: string, app: string): void {
    const application = this.repo.application(model, app);
    if (!application) return;
    const alive = this.repo.units(model, app).filter((u) => u.life === 'alive');
    if (application.leader && alive.some((u) => u.name === application.leader)) return;
    const leader = alive[0]?.name ?? null;
    this.#store.run(
      'UPDATE applications SET leader = ? WHERE model_uuid = ? AND name = ?',
      leader,
      model,
      app,
    );
  }

  removeUnit(model: string, unit: string): void {
    this.#store.transaction(() => {
      const found = this.repo.unit(model, unit);
      if (!found) throw new ControllerError('not-found', `unit "${unit}" not found`);
      this.#store.run(
        "UPDATE units SET life = 'dying' WHERE model_uuid = ? AND name = ?",
        model,
        unit,
      );
      this.electLeader(model, found.app);
    });
  }

  removeApplication(model: string, app: string): void {
    this.#store.transaction(() => {
      this.requireApp(model, app);
      this.#store.run(
        "UPDATE applications SET life = 'dying', leader = NULL WHERE model_uuid = ? AND name = ?",
        model,
        app,
      );
      this.#store.run(
        "UPDATE units SET life = 'dying' WHERE model_uuid = ? AND app = ?",
        model,
        app,
      );
      for (const rel of this.repo.relations(model)) {
        if (rel.endpoints.some((e) => e.app === app && e.role !== 'peer'))
          this.#markRelationDying(model, rel.id);
      }
    });
  }

  /** Records that `unit` ran a hook; removes what the hook finished off. */
  hookCommitted(model: string, unit: string, after: UnitLocalState): void {
    this.#store.transaction(() => {
      this.repo.setLocalState(model, unit, after);
      if (after.removed) this.unitRemoved(model, unit);
      else this.collectDeadRelations(model);
    });
  }

  /** Called when a unit's `remove` hook committed: forget it; tidy up what it leaves behind. */
  unitRemoved(model: string, unit: string): void {
    this.#store.transaction(() => {
      this.#store.run('DELETE FROM units WHERE model_uuid = ? AND name = ?', model, unit);
      this.#store.run(
        'DELETE FROM storage_instances WHERE model_uuid = ? AND unit = ?',
        model,
        unit,
      );
      const app = appOf(unit);
      this.electLeader(model, app);
      const application = this.repo.application(model, app);
      if (application?.life === 'dying' && this.repo.units(model, app).length === 0) {
        this.#store.run('DELETE FROM applications WHERE model_uuid = ? AND name = ?', model, app);
        // Its relations go once the other side's units have run relation-broken.
        for (const rel of this.repo.relations(model)) {
          if (rel.endpoints.some((e) => e.app === app)) this.#markRelationDying(model, rel.id);
        }
      }
      this.collectDeadRelations(model);
    });
  }

  /** A dying relation goes away once no unit still has it in scope. */
  collectDeadRelations(model: string): void {
    for (const rel of this.repo.relations(model)) {
      if (rel.life === 'alive') continue;
      const inScope = this.repo
        .units(model)
        .some(
          (u) =>
            rel.endpoints.some((e) => e.app === u.app) &&
            u.local.relations[String(rel.id)]?.created &&
            !u.local.relations[String(rel.id)]?.broken,
        );
      if (!inScope) this.#deleteRelation(model, rel.id);
    }
  }

  #deleteRelation(model: string, id: number): void {
    this.secrets.revokeRelation(model, id);
    this.#store.run('DELETE FROM relations WHERE model_uuid = ? AND id = ?', model, id);
    this.#store.run('DELETE FROM settings WHERE model_uuid = ? AND relation_id = ?', model, id);
  }

  #markRelationDying(model: string, id: number): void {
    this.#store.run(
      "UPDATE relations SET life = 'dying' WHERE model_uuid = ? AND id = ?",
      model,
      id,
    );
  }

  /** `juju integrate a[:ep] b[:ep]`. */
  integrate(model: string, first: string, second: string): Relation {
    return this.#store.transaction(() => {
      const [a, b] = matchEndpoints(
        this.#candidates(model, first),
        this.#candidates(model, second),
      );
      const key = relationKey([a, b]);
      if (
        this.repo
          .relations(model)
          .some((r) => relationKey(r.endpoints) === key && r.life === 'alive')
      ) {
        throw new ControllerError(
          'already-exists',
          `cannot add relation "${key}": relation ${key} already exists`,
        );
      }
      for (const ep of [a, b]) this.#checkLimit(model, ep);
      return this.#addRelation(model, [a, b]);
    });
  }

  removeRelation(model: string, first: string, second: string): void {
    this.#store.transaction(() => {
      const [a, b] = matchEndpoints(
        this.#candidates(model, first),
        this.#candidates(model, second),
        { existing: true },
      );
      const key = relationKey([a, b]);
      const rel = this.repo
        .relations(model)
        .find((r) => relationKey(r.endpoints) === key && r.life === 'alive');
      if (!rel) throw new ControllerError('not-found', `relation "${key}" not found`);
      this.#markRelationDying(model, rel.id);
    });
  }

  #addRelation(model: string, endpoints: RelationEndpoint[]): Relation {
    const id = this.#store.next(model, 'relation', 0);
    this.#store.run(
      'INSERT INTO relations (model_uuid, id, endpoints) VALUES (?, ?, ?)',
      model,
      id,
      JSON.stringify(endpoints),
    );
    return { id, life: 'alive', endpoints };
  }

  #checkLimit(model: string, ep: RelationEndpoint): void {
    const meta = this.requireApp(model, ep.app).charm.meta;
    const limit = (ep.role === 'provider' ? meta.provides : meta.requires)[ep.endpoint]?.limit;
    if (limit === undefined) return;
    const count = this.repo
      .relations(model)
      .filter(
        (r) =>
          r.life === 'alive' &&
          r.endpoints.some((e) => e.app === ep.app && e.endpoint === ep.endpoint),
      ).length;
    if (count >= limit) {
      throw new ControllerError(
        'relation-limit',
        `establishing a new relation for ${ep.app}:${ep.endpoint} would exceed its maximum relation limit of ${limit}`,
      );
    }
  }

  /** The endpoints `app[:endpoint]` can mean. */
  #candidates(model: string, spec: string): { spec: string; endpoints: RelationEndpoint[] } {
    const [app = '', endpoint] = spec.split(':');
    return {
      spec,
      endpoints: endpointsNamed(app, this.requireApp(model, app).charm.meta, endpoint),
    };
  }

  /** The application, or Juju's not-found error with the closest name as a hint. */
  requireApp(model: string, app: string): Application {
    const found = this.repo.application(model, app);
    if (!found) {
      const names = this.repo.applications(model).map((a) => a.name);
      const hint = closest(app, names);
      throw new ControllerError(
        'not-found',
        `application "${app}" not found${hint ? ` (did you mean "${hint}"?)` : ''}`,
      );
    }
    return found;
  }

  /** `juju config app k=v …` and `--reset k`. */
  setConfig(
    model: string,
    app: string,
    values: Readonly<Record<string, ConfigValue>>,
    reset: readonly string[] = [],
  ): void {
    this.#store.transaction(() => {
      const application = this.requireApp(model, app);
      const parsed = validateConfig(application.charm.meta, values);
      for (const key of reset) {
        if (!(key in application.charm.meta.config))
          throw new ControllerError('invalid', `unknown option "${key}"`);
      }
      const next: Record<string, ConfigValue> = { ...application.config, ...parsed };
      for (const key of reset) delete next[key];
      this.#store.run(
        'UPDATE applications SET config = ? WHERE model_uuid = ? AND name = ?',
        JSON.stringify(next),
        model,
        app,
      );
    });
  }

  /** The leader's `status-set --application`. */
  setAppStatus(model: string, app: string, status: Status): void {
    const info = statusInfo(status);
    this.#store.run(
      'UPDATE applications SET status = ? WHERE model_uuid = ? AND name = ?',
      JSON.stringify(info),
      model,
      app,
    );
    this.#store.run(
      'INSERT INTO status_history (model_uuid, entity, kind, status, message, since) VALUES (?, ?, ?, ?, ?, ?)',
      model,
      app,
      'application',
      info.name,
      info.message,
      info.since,
    );
  }

  /**
   * `juju refresh --path`: the application runs `charm` from now on (upgrade-charm follows).
   * `resources` (already validated against it) replace those of the same name; resources the
   * new charm no longer declares are dropped.
   */
  refresh(
    model: string,
    app: string,
    charm: CharmRecord,
    resources: Readonly<Record<string, string>> = {},
  ): void {
    this.#store.transaction(() => {
      const application = this.requireApp(model, app);
      validateConfig(charm.meta, application.config);
      const kept = Object.entries({ ...application.resources, ...resources }).filter(
        ([name]) => name in charm.meta.resources,
      );
      this.#store.run(
        'UPDATE applications SET charm_id = ?, resources = ? WHERE model_uuid = ? AND name = ?',
        charm.id,
        JSON.stringify(Object.fromEntries(kept)),
        model,
        app,
      );
    });
  }
}
