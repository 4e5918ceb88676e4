/**
 * @module The immutable world a charm sees in one `ctx.run`: config, leadership,
 * relations, containers, secrets, storage, ports, networks, stored state and statuses
 * (ops-protocol.md §7.2). `ctx.run` returns a new {@link State} and never changes the one it
 * was given.
 */
import type { DeferredNotice, Port, Status } from '@charmkit/ops';
import type {
  ContainerState,
  NetworkState,
  RelationState,
  SecretState,
  StorageState,
} from './components.ts';

export interface ModelInfo {
  readonly name: string;
  readonly uuid: string;
}

/** Everything the harness feeds in and reads back. All fields are optional in {@link state}. */
export interface StateData {
  readonly config: Readonly<Record<string, string | number | boolean>>;
  readonly leader: boolean;
  readonly relations: readonly RelationState[];
  readonly containers: readonly ContainerState[];
  readonly secrets: readonly SecretState[];
  readonly storages: readonly StorageState[];
  readonly networks: readonly NetworkState[];
  readonly openedPorts: readonly Port[];
  /** Controller-side charm state (`state-get`/`state-set`). */
  readonly storedState: Readonly<Record<string, string>>;
  readonly resources: Readonly<Record<string, string>>;
  readonly deferred: readonly DeferredNotice[];
  readonly unitStatus: Status;
  readonly appStatus: Status;
  readonly workloadVersion: string;
  readonly plannedUnits: number;
  readonly trusted: boolean;
  readonly model: ModelInfo;
}

const DEFAULTS: StateData = {
  config: {},
  leader: false,
  relations: [],
  containers: [],
  secrets: [],
  storages: [],
  networks: [],
  openedPorts: [],
  storedState: {},
  resources: {},
  deferred: [],
  unitStatus: { name: 'unknown', message: '' },
  appStatus: { name: 'unknown', message: '' },
  workloadVersion: '',
  plannedUnits: 1,
  trusted: false,
  model: { name: 'test-model', uuid: '4f1a0e3c-7c5d-4b8a-9d6e-2f3a4b5c6d7e' },
};

/** The world before or after one event. Frozen; use {@link State.with} to derive another. */
export class State implements StateData {
  readonly config!: StateData['config'];
  readonly leader!: boolean;
  readonly relations!: readonly RelationState[];
  readonly containers!: readonly ContainerState[];
  readonly secrets!: readonly SecretState[];
  readonly storages!: readonly StorageState[];
  readonly networks!: readonly NetworkState[];
  readonly openedPorts!: readonly Port[];
  readonly storedState!: StateData['storedState'];
  readonly resources!: StateData['resources'];
  readonly deferred!: readonly DeferredNotice[];
  readonly unitStatus!: Status;
  readonly appStatus!: Status;
  readonly workloadVersion!: string;
  readonly plannedUnits!: number;
  readonly trusted!: boolean;
  readonly model!: ModelInfo;

  constructor(data: Partial<StateData> = {}) {
    Object.assign(this, DEFAULTS, data);
    Object.freeze(this);
  }

  /** A copy with some fields replaced. */
  with(changes: Partial<StateData>): State {
    return new State({ ...this, ...changes });
  }

  getRelation(id: number): RelationState {
    return found(
      this.relations.find((r) => r.id === id),
      `relation with id ${id}`,
    );
  }

  getRelations(endpoint: string): RelationState[] {
    return this.relations.filter((r) => r.endpoint === endpoint);
  }

  getContainer(name: string): ContainerState {
    return found(
      this.containers.find((c) => c.name === name),
      `container "${name}"`,
    );
  }

  /** A file's text from a container's virtual filesystem. */
  readFile(containerName: string, path: string): string {
    const file = this.getContainer(containerName).files[path];
    return Buffer.from(
      found(file, `file ${path} in container "${containerName}"`).content,
    ).toString('utf8');
  }

  getSecret(lookup: { id?: string; label?: string }): SecretState {
    const match = this.secrets.find(
      (s) =>
        (lookup.id !== undefined && s.id === lookup.id) ||
        (lookup.label !== undefined && s.label === lookup.label),
    );
    return found(match, `secret ${lookup.id ?? lookup.label}`);
  }

  getStorage(name: string, index = 0): StorageState {
    return found(
      this.storages.find((s) => s.name === name && s.index === index),
      `storage ${name}/${index}`,
    );
  }
}

/** Builds a {@link State}; every field is optional. */
export function state(data: Partial<StateData> = {}): State {
  return new State(data);
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the state has no ${what}`);
  return value;
}
