/**
 * @module This unit and this application: leadership, status, workload version, ports,
 * containers and owned secrets.
 */
import type { Port, PortProtocol, StatusWithData } from '../backend/backend.ts';
import { ModelError } from '../errors.ts';
import type { CharmMeta } from '../metadata/types.ts';
import type { ContainerName } from '../metadata/typed.ts';
import { assertSettable } from '../status.ts';
import type { Status } from '../status.ts';
import { Container } from './container.ts';
import type { ModelContext } from './model-context.ts';
import { Secret, validateSecretContent } from './secret.ts';
import type { AddSecretOptions } from './secret.ts';
import { StatusCollector } from './status-collector.ts';

/** This unit. */
export class Unit<M extends CharmMeta = CharmMeta> {
  readonly name: string;
  readonly appName: string;
  /** Candidate statuses collected during this dispatch. */
  readonly collected = new StatusCollector();
  readonly #ctx: ModelContext;
  readonly #containers = new Map<string, Container>();

  constructor(ctx: ModelContext) {
    this.#ctx = ctx;
    this.name = ctx.juju.unitName;
    this.appName = ctx.juju.appName;
  }

  /** Whether this unit holds the app's leadership. Same as `is-leader`. */
  isLeader(): boolean {
    return this.#ctx.isLeader();
  }

  /**
   * Adds a candidate unit status; the highest-priority one is set when the dispatch ends.
   *
   * @example
   * this.unit.addStatus(blocked('missing relation: database'));
   */
  addStatus(status: Status): void {
    this.collected.add(status);
  }

  /** Sets the unit status now (for progress during long work). Same as `status-set`. */
  setStatus(status: Status): void {
    assertSettable(status);
    this.#ctx.backend.statusSet(status, false);
  }

  /** The unit status Juju holds now. Same as `status-get`. */
  get status(): StatusWithData {
    return this.#ctx.backend.statusGet();
  }

  /** Shown as the app's version in `juju status`. Same as `application-version-set`. */
  setWorkloadVersion(version: string): void {
    this.#ctx.backend.applicationVersionSet(version);
  }

  /** One of the charm's workload containers, reached through its Pebble. */
  container(name: ContainerName<M>): Container {
    if (!(name in this.#ctx.meta.containers)) {
      throw new ModelError(
        `container "${name}" is not declared in the charm's metadata (containers: ${Object.keys(this.#ctx.meta.containers).join(', ') || 'none'})`,
      );
    }
    let container = this.#containers.get(name);
    if (!container) {
      container = new Container(name, this.#ctx.backend.pebble(name));
      this.#containers.set(name, container);
    }
    return container;
  }

  /** Opens a port (tcp/udp) or ICMP. Same as `open-port`. */
  openPort(protocol: PortProtocol, port?: number): void {
    this.#ctx.backend.openPort(toPort(protocol, port));
  }

  /** Closes a port. Same as `close-port`. */
  closePort(protocol: PortProtocol, port?: number): void {
    this.#ctx.backend.closePort(toPort(protocol, port));
  }

  /** The ports this unit has opened. Same as `opened-ports`. */
  openedPorts(): Port[] {
    return this.#ctx.backend.openedPorts();
  }

  /**
   * Makes exactly these ports open: opens the missing ones and closes the others.
   *
   * @example
   * this.unit.setPorts([{ protocol: 'tcp', port: 8080 }]);
   */
  setPorts(ports: readonly Port[]): void {
    const key = (p: Port): string => `${p.protocol}/${p.port ?? ''}-${p.toPort ?? ''}`;
    const wanted = new Map(ports.map((p) => [key(p), p]));
    const current = new Map(this.openedPorts().map((p) => [key(p), p]));
    for (const [k, p] of current) if (!wanted.has(k)) this.#ctx.backend.closePort(p);
    for (const [k, p] of wanted) if (!current.has(k)) this.#ctx.backend.openPort(p);
  }

  /** Creates a secret owned by this unit. Same as `secret-add --owner unit`. */
  addSecret(content: Readonly<Record<string, string>>, options: AddSecretOptions = {}): Secret {
    validateSecretContent(content);
    const id = this.#ctx.backend.secretAdd(content, { ...options, owner: 'unit' });
    return new Secret(
      this.#ctx,
      { id, ...(options.label !== undefined ? { label: options.label } : {}) },
      content,
    );
  }
}

/** This application. */
export class App {
  readonly name: string;
  /** Candidate app statuses collected during this dispatch (used on the leader only). */
  readonly collected = new StatusCollector();
  readonly #ctx: ModelContext;

  constructor(ctx: ModelContext) {
    this.#ctx = ctx;
    this.name = ctx.juju.appName;
  }

  /** Adds a candidate app status; on the leader the winner is set when the dispatch ends. */
  addStatus(status: Status): void {
    this.collected.add(status);
  }

  /**
   * Sets the app status now. Same as `status-set --application`.
   *
   * @throws {ModelError} on a non-leader.
   */
  setStatus(status: Status): void {
    assertSettable(status);
    this.#requireLeader('set the application status');
    this.#ctx.backend.statusSet(status, true);
  }

  /** The app status and every unit's (leader only). Same as `status-get --application`. */
  get status(): StatusWithData {
    this.#requireLeader('read the application status');
    return this.#ctx.backend.appStatusGet().app;
  }

  /** Units the app is meant to have (not dying). Same as counting `goal-state` units. */
  plannedUnits(): number {
    return Object.values(this.#ctx.backend.goalState().units).filter((u) => u.status !== 'dying')
      .length;
  }

  /** Creates a secret owned by the app (leader only). Same as `secret-add --owner application`. */
  addSecret(content: Readonly<Record<string, string>>, options: AddSecretOptions = {}): Secret {
    validateSecretContent(content);
    const id = this.#ctx.backend.secretAdd(content, { ...options, owner: 'application' });
    return new Secret(
      this.#ctx,
      { id, ...(options.label !== undefined ? { label: options.label } : {}) },
      content,
    );
  }

  #requireLeader(what: string): void {
    if (!this.#ctx.isLeader()) {
      throw new ModelError(
        `cannot ${what} from ${this.#ctx.juju.unitName}: only the leader may (check isLeader())`,
      );
    }
  }
}

function toPort(protocol: PortProtocol, port: number | undefined): Port {
  if (protocol === 'icmp') return { protocol };
  if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ModelError(
      `invalid ${protocol} port ${String(port)}: expected a whole number from 1 to 65535`,
    );
  }
  return { protocol, port };
}
