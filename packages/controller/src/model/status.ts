/**
 * @module `juju status --format json` for a model (juju-semantics.md §1.4, §5): every key
 * jubilant reads, Juju's presentation of a failed hook (workload `error` with the hook's
 * message, agent `idle`), and the application status derived from its units when the leader
 * never set one.
 */
import { JUJU_VERSION } from '../agent/hook-runner.ts';
import type { AgentStatusInfo, Relation, StatusInfo, Unit } from './types.ts';
import type { ModelOperations } from './operations.ts';

const SEVERITY: Record<string, number> = {
  error: 6,
  blocked: 5,
  maintenance: 4,
  waiting: 3,
  active: 2,
  terminated: 1,
  unknown: 0,
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Juju's `since` style: `24 Feb 2025 12:03:17Z`. */
export function jujuSince(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

type StatusJson = { current: string; message?: string; since: string; version?: string };

function statusJson(s: StatusInfo | AgentStatusInfo, extra: { version?: string } = {}): StatusJson {
  return {
    current: s.name,
    ...(s.message ? { message: s.message } : {}),
    since: jujuSince(s.since),
    ...extra,
  };
}

/** Workload and agent status as `juju status` shows them (hook errors move to the workload). */
export function displayedStatuses(unit: Unit): { workload: StatusInfo; agent: AgentStatusInfo } {
  if (unit.agentStatus.name === 'error') {
    return {
      workload: { name: 'error', message: unit.agentStatus.message, since: unit.agentStatus.since },
      agent: { name: 'idle', message: '', since: unit.agentStatus.since },
    };
  }
  return { workload: unit.workloadStatus, agent: unit.agentStatus };
}

/** The unit status of highest severity, message and since included (Juju's DeriveStatus). */
export function deriveAppStatus(units: readonly Unit[]): StatusInfo {
  let best: StatusInfo | undefined;
  for (const unit of units) {
    const status = displayedStatuses(unit).workload;
    if (!best || (SEVERITY[status.name] ?? 0) > (SEVERITY[best.name] ?? 0)) best = status;
  }
  return best ?? { name: 'unknown', message: '', since: new Date().toISOString() };
}

export interface StatusOptions {
  readonly controller: string;
}

/** The whole status document of `model`. */
export function modelStatus(
  ops: ModelOperations,
  model: string,
  options: StatusOptions,
): Record<string, unknown> {
  const world = ops.world(model);
  const created =
    ops.repo.store.get<{ created: string }>('SELECT created FROM models WHERE uuid = ?', model)
      ?.created ?? new Date().toISOString();
  const applications: Record<string, unknown> = {};
  for (const app of world.applications.values()) {
    const units = [...world.units.values()].filter((u) => u.app === app.name);
    const leaderUnit = units.find((u) => u.name === app.leader);
    applications[app.name] = {
      charm: `local:${app.charm.name}-${app.charm.revision}`,
      'charm-origin': 'local',
      'charm-name': app.charm.name,
      'charm-rev': app.charm.revision,
      exposed: app.exposed,
      base: { name: 'ubuntu', channel: '24.04' },
      scale: units.filter((u) => u.life === 'alive').length,
      ...(app.life === 'alive' ? {} : { life: app.life }),
      'application-status': statusJson(app.status ?? deriveAppStatus(units)),
      relations: relationsOf(app.name, [...world.relations.values()]),
      units: Object.fromEntries(units.map((u) => [u.name, unitJson(u, u.name === app.leader)])),
      version: (leaderUnit ?? units[0])?.workloadVersion ?? '',
      'endpoint-bindings': Object.fromEntries(
        [
          '',
          ...Object.keys({
            ...app.charm.meta.requires,
            ...app.charm.meta.provides,
            ...app.charm.meta.peers,
          }),
        ].map((e) => [e, 'alpha']),
      ),
    };
  }
  return {
    model: {
      name: world.modelName,
      type: 'caas',
      controller: options.controller,
      cloud: 'localhost',
      region: 'localhost',
      version: JUJU_VERSION,
      'model-status': { current: 'available', since: jujuSince(created) },
      sla: 'unsupported',
    },
    machines: {},
    applications,
    storage: { storage: {}, filesystems: {}, volumes: {} },
    controller: { timestamp: new Date().toISOString().slice(11, 19) + 'Z' },
  };
}

function unitJson(unit: Unit, leader: boolean): Record<string, unknown> {
  const { workload, agent } = displayedStatuses(unit);
  return {
    'workload-status': statusJson(workload),
    'juju-status': statusJson(agent, { version: JUJU_VERSION }),
    ...(leader ? { leader: true } : {}),
    ...(unit.life === 'alive' ? {} : { life: unit.life }),
    ...(unit.ports.length > 0 ? { 'open-ports': unit.ports } : {}),
    address: unit.address,
    'provider-id': unit.name.replace('/', '-'),
  };
}

/** `endpoint → [{related-application, interface, scope}]`, alive relations only. */
function relationsOf(app: string, relations: readonly Relation[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const rel of relations) {
    if (rel.life !== 'alive') continue;
    const own = rel.endpoints.find((e) => e.app === app);
    if (!own) continue;
    const remote = rel.endpoints.find((e) => e.app !== app) ?? own;
    (out[own.endpoint] ??= []).push({
      'related-application': remote.app,
      interface: own.interface,
      scope: own.scope,
    });
  }
  return out;
}

/** One row of `juju status --relations`: what the status document does not carry (roles). */
export interface IntegrationRow {
  readonly id: number;
  readonly provider: string;
  readonly requirer: string;
  readonly interface: string;
  readonly type: 'regular' | 'peer' | 'subordinate';
}

/** The model's alive relations with their provider and requirer sides, ordered as juju prints them. */
export function modelIntegrations(ops: ModelOperations, model: string): IntegrationRow[] {
  const rows: IntegrationRow[] = [];
  // The relations alone: building the whole world (units, secrets, storage) is not needed.
  for (const rel of ops.repo.relations(model)) {
    if (rel.life !== 'alive') continue;
    const name = (e: (typeof rel.endpoints)[number]): string => `${e.app}:${e.endpoint}`;
    const provider = rel.endpoints.find((e) => e.role !== 'requirer') ?? rel.endpoints[0]!;
    const requirer = rel.endpoints.find((e) => e !== provider) ?? provider;
    rows.push({
      id: rel.id,
      provider: name(provider),
      requirer: name(requirer),
      interface: provider.interface,
      type:
        provider.role === 'peer'
          ? 'peer'
          : rel.endpoints.some((e) => e.scope === 'container')
            ? 'subordinate'
            : 'regular',
    });
  }
  return rows.sort(
    (a, b) => a.provider.localeCompare(b.provider) || a.requirer.localeCompare(b.requirer),
  );
}
