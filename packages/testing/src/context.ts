/**
 * @module `Context`: runs one event against a charm class in memory — state in, state out,
 * no processes — through the same `dispatch` production uses, and records what the charm
 * did (logs, status history, action results, execs) for assertions.
 */
import {
  dispatch,
  InvalidActionParamsError,
  jujuContextFromEnv,
  nestDottedKeys,
} from '@charmkit/ops';
import { loadCharmMeta, validateActionParams } from '@charmkit/ops/metadata';
import type { CharmClass, CharmMeta, EmittedEvent, LogLevel, Status } from '@charmkit/ops';
import type { PebbleClient } from '@charmkit/ops/pebble';
import { checkConsistency } from './consistency.ts';
import { ActionFailed, InconsistentStateError, UncaughtCharmError } from './errors.ts';
import { eventBuilders } from './events.ts';
import type { EventBuilders, EventSpec } from './events.ts';
import { MemoryBackend } from './memory-backend.ts';
import type { RunRecords } from './memory-backend.ts';
import type { ExecRecord, SignalRecord } from './memory-pebble.ts';
import { State } from './state.ts';

export interface ContextOptions<M extends CharmMeta> {
  /** Defaults to the class's static `metadata`, else the charm directory's YAML. */
  readonly metadata?: M;
  /** `JUJU_CHARM_DIR` (files the charm reads, e.g. workload sources); default `process.cwd()`. */
  readonly charmDir?: string;
  /** Defaults to the metadata name. */
  readonly appName?: string;
  readonly unitId?: number;
  /** `JUJU_VERSION`; default 3.6.14. */
  readonly jujuVersion?: string;
  /**
   * A real Pebble client per container (e.g. a `PebbleHttpClient` to a `charmkit-pebble`
   * daemon) instead of the in-memory Pebble; the state's containers are then not updated.
   */
  readonly pebble?: (container: string) => PebbleClient;
}

export class Context<M extends CharmMeta> {
  readonly charmClass: CharmClass<M>;
  readonly metadata: M;
  readonly appName: string;
  readonly unitName: string;
  readonly on: EventBuilders<M>;
  /** Every `juju-log` line of every run. */
  readonly jujuLog: { level: LogLevel; message: string }[] = [];
  /** Statuses the unit had before each change (the current one is in the output state). */
  readonly unitStatusHistory: Status[] = [];
  readonly appStatusHistory: Status[] = [];
  readonly workloadVersionHistory: string[] = [];
  /** Events the framework ran handlers for, including collect-status and re-emitted ones. */
  readonly emittedEvents: EmittedEvent[] = [];
  /** Commands run in each container. */
  readonly execHistory: Record<string, ExecRecord[]> = {};
  /** Signals sent to services of each container (`container.sendSignal`). */
  readonly signalHistory: Record<string, SignalRecord[]> = {};
  readonly removedSecretRevisions: { id: string; revision: number }[] = [];
  readonly requestedStorages: Record<string, number> = {};
  /** The last action's `log()` lines. */
  actionLogs: string[] = [];
  /** The last action's results, nested again (`{ out: { a: '1' } }` for `out.a=1`). */
  actionResults: Record<string, unknown> = {};
  readonly #charmDir: string;
  readonly #jujuVersion: string;
  readonly #pebble: ((container: string) => PebbleClient) | undefined;

  constructor(charmClass: CharmClass<M>, options: ContextOptions<M> = {}) {
    this.charmClass = charmClass;
    this.#charmDir = options.charmDir ?? process.cwd();
    this.metadata = options.metadata ?? charmClass.metadata ?? (loadCharmMeta(this.#charmDir) as M);
    this.appName = options.appName ?? this.metadata.name;
    this.unitName = `${this.appName}/${options.unitId ?? 0}`;
    this.#jujuVersion = options.jujuVersion ?? '3.6.14';
    this.#pebble = options.pebble;
    this.on = eventBuilders<M>();
  }

  /**
   * Runs one event and returns the state after it.
   *
   * @throws {InconsistentStateError} when the state or event could not happen under Juju.
   * @throws {InvalidActionParamsError} when Juju would refuse the action's params.
   * @throws {ActionFailed} when the action called `fail()`.
   * @throws {UncaughtCharmError} when charm code threw.
   */
  async run(event: EventSpec, state: State = new State()): Promise<State> {
    const problems = checkConsistency(this.metadata, state, event);
    if (problems.length > 0) throw new InconsistentStateError(problems);
    const actionParams = event.isAction ? this.#actionParams(event) : undefined;
    const records: RunRecords = {
      jujuLog: this.jujuLog,
      unitStatusHistory: this.unitStatusHistory,
      appStatusHistory: this.appStatusHistory,
      workloadVersionHistory: this.workloadVersionHistory,
      actionLogs: [],
      actionResults: {},
      execHistory: this.execHistory,
      signalHistory: this.signalHistory,
      removedSecretRevisions: this.removedSecretRevisions,
      requestedStorages: this.requestedStorages,
      actionFailure: undefined,
    };
    const backend = new MemoryBackend({
      state,
      meta: this.metadata,
      appName: this.appName,
      unitName: this.unitName,
      records,
      ...(actionParams ? { actionParams } : {}),
      ...(this.#pebble ? { pebble: this.#pebble } : {}),
    });
    const context = jujuContextFromEnv(this.#env(event, state));
    try {
      await dispatch({
        charmClass: this.charmClass,
        metadata: this.metadata,
        context,
        backend,
        onEvent: (e) => this.emittedEvents.push(e),
      });
    } catch (error) {
      throw new UncaughtCharmError(error);
    }
    const output = new State({ ...state, ...backend.output() });
    if (event.isAction) {
      this.actionLogs = records.actionLogs;
      this.actionResults = nestDottedKeys(records.actionResults);
      if (records.actionFailure !== undefined)
        throw new ActionFailed(records.actionFailure, output);
    }
    return output;
  }

  #actionParams(event: EventSpec): Record<string, unknown> {
    const action = this.metadata.actions[event.name];
    if (!action)
      throw new InvalidActionParamsError(event.name, [{ path: '', message: 'no such action' }]);
    return validateActionParams(event.name, action, event.params ?? {});
  }

  /** The environment Juju would set for this event (ops-protocol.md §7.1). */
  #env(event: EventSpec, state: State): Record<string, string> {
    const env: Record<string, string> = {
      JUJU_VERSION: this.#jujuVersion,
      JUJU_UNIT_NAME: this.unitName,
      JUJU_MODEL_NAME: state.model.name,
      JUJU_MODEL_UUID: state.model.uuid,
      JUJU_CHARM_DIR: this.#charmDir,
      JUJU_DISPATCH_PATH: `${event.isAction ? 'actions' : 'hooks'}/${event.name}`,
      JUJU_HOOK_NAME: event.isAction ? '' : event.name,
    };
    if (event.isAction) {
      env.JUJU_ACTION_NAME = event.name;
      env.JUJU_ACTION_UUID = '1';
    }
    const rel = event.relation;
    if (rel) {
      const remoteApp = rel.kind === 'peer' ? this.appName : rel.remoteAppName;
      env.JUJU_RELATION = rel.endpoint;
      env.JUJU_RELATION_ID = `${rel.endpoint}:${rel.id}`;
      env.JUJU_REMOTE_APP = remoteApp;
      if (event.remoteUnitId !== undefined)
        env.JUJU_REMOTE_UNIT = `${remoteApp}/${event.remoteUnitId}`;
      if (event.kind === 'relation-departed') {
        env.JUJU_DEPARTING_UNIT = event.departingUnit ?? env.JUJU_REMOTE_UNIT ?? '';
      }
    }
    if (event.container) env.JUJU_WORKLOAD_NAME = event.container.name;
    if (event.notice) {
      env.JUJU_NOTICE_ID = event.notice.id;
      env.JUJU_NOTICE_TYPE = event.notice.type;
      env.JUJU_NOTICE_KEY = event.notice.key;
    }
    if (event.checkName) env.JUJU_PEBBLE_CHECK_NAME = event.checkName;
    if (event.storage) env.JUJU_STORAGE_ID = `${event.storage.name}/${event.storage.index}`;
    if (event.secret) {
      env.JUJU_SECRET_ID = event.secret.id;
      env.JUJU_SECRET_LABEL = event.secret.label ?? '';
      if (event.secretRevision !== undefined)
        env.JUJU_SECRET_REVISION = String(event.secretRevision);
    }
    return env;
  }
}
