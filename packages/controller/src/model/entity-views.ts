/**
 * @module `juju show-unit` and `juju show-model` documents (juju-semantics.md §1.5): the keys
 * jubilant requires, in Juju's spelling. `application-data` of a relation is the remote
 * application's bag; unit bags are shown with whether the unit is in the relation's scope.
 */
import { JUJU_VERSION } from '../agent/hook-runner.ts';
import { ControllerError } from './errors.ts';
import type { ModelOperations } from './operations.ts';
import { jujuSince } from './status.ts';
import type { Relation, Unit } from './types.ts';

/** The controller's UUID: stable per state directory, derived from nothing secret. */
export interface ControllerIdentity {
  readonly name: string;
  readonly uuid: string;
}

/** `juju show-unit <unit> --format json`: `{ "<unit>": UnitInfo }`. */
export function showUnit(
  ops: ModelOperations,
  model: string,
  unitName: string,
): Record<string, unknown> {
  const unit = ops.repo.unit(model, unitName);
  if (!unit) throw new ControllerError('not-found', `unit "${unitName}" not found`);
  const app = ops.repo.application(model, unit.app)!;
  const units = ops.repo.units(model);
  const relationInfo = ops.repo
    .relations(model)
    .filter((rel) => rel.life === 'alive' && rel.endpoints.some((e) => e.app === unit.app))
    .map((rel) => relationView(ops, { model, rel, unit, units }));
  return {
    [unit.name]: {
      'workload-version': unit.workloadVersion,
      machine: '',
      'opened-ports': unit.ports,
      'public-address': unit.address,
      charm: `local:${app.charm.name}-${app.charm.revision}`,
      leader: app.leader === unit.name,
      life: unit.life,
      'relation-info': relationInfo,
      'provider-id': unit.name.replace('/', '-'),
      address: unit.address,
    },
  };
}

function relationView(
  ops: ModelOperations,
  at: { model: string; rel: Relation; unit: Unit; units: readonly Unit[] },
): Record<string, unknown> {
  const { model, rel, unit, units } = at;
  const own = rel.endpoints.find((e) => e.app === unit.app)!;
  const remote = rel.endpoints.find((e) => e.app !== unit.app) ?? own;
  const inScope = (u: Unit): boolean => {
    const local = u.local.relations[String(rel.id)];
    return local?.created === true && local.broken !== true;
  };
  const bag = (owner: string): Record<string, string> => ({
    ...ops.repo.settings(model, rel.id, owner).data,
  });
  const related = units.filter((u) => u.app === remote.app && u.name !== unit.name);
  return {
    endpoint: own.endpoint,
    'relation-id': rel.id,
    'related-endpoint': remote.endpoint,
    'cross-model': false,
    'application-data': bag(remote.app),
    'local-unit': { 'in-scope': inScope(unit), data: bag(unit.name) },
    'related-units': Object.fromEntries(
      related.map((u) => [u.name, { 'in-scope': inScope(u), data: bag(u.name) }]),
    ),
  };
}

/** `juju show-model <model> --format json`: `{ "<short name>": ModelInfo }`. */
export function showModel(
  ops: ModelOperations,
  model: string,
  controller: ControllerIdentity,
): Record<string, unknown> {
  const row = ops.repo.store.get<{ name: string; created: string }>(
    'SELECT name, created FROM models WHERE uuid = ?',
    model,
  );
  if (!row) throw new ControllerError('not-found', `model "${model}" not found`);
  const since = jujuSince(row.created);
  return {
    [row.name]: {
      name: `admin/${row.name}`,
      'short-name': row.name,
      'model-uuid': model,
      'model-type': 'caas',
      'controller-uuid': controller.uuid,
      'controller-name': controller.name,
      'is-controller': false,
      owner: 'admin',
      cloud: 'localhost',
      region: 'localhost',
      type: 'kubernetes',
      life: 'alive',
      status: { current: 'available', since },
      users: { admin: { 'display-name': 'admin', access: 'admin', 'last-connection': 'just now' } },
      'agent-version': JUJU_VERSION,
    },
  };
}
