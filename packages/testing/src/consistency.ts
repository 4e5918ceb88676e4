/**
 * @module Rejects test inputs that could never happen under Juju (Scenario's consistency
 * checker, ops-protocol.md §7): unknown config keys and wrong types, relations on unknown
 * endpoints or of the wrong kind, duplicate ids, events about things not in the state.
 */
import type { CharmMeta } from '@charmkit/ops';
import { configValueFits } from '@charmkit/ops/metadata';
import type { EventSpec } from './events.ts';
import type { State } from './state.ts';

/** Every problem found; empty when the state and event are consistent. */
export function checkConsistency(meta: CharmMeta, state: State, event: EventSpec): string[] {
  return [
    ...checkConfig(meta, state),
    ...checkRelations(meta, state),
    ...checkEntities(meta, state),
    ...checkEvent(meta, state, event),
  ];
}

function checkConfig(meta: CharmMeta, state: State): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(state.config)) {
    const option = meta.config[key];
    if (!option) problems.push(`config option "${key}" is not in the charm's config`);
    else if (!configValueFits(option.type, value)) {
      problems.push(`config option "${key}" is ${option.type}, got ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

function checkRelations(meta: CharmMeta, state: State): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const rel of state.relations) {
    if (seen.has(rel.id)) problems.push(`two relations have id ${rel.id}`);
    seen.add(rel.id);
    const isPeer = rel.endpoint in meta.peers;
    const regular = meta.requires[rel.endpoint] ?? meta.provides[rel.endpoint];
    if (!isPeer && !regular) {
      problems.push(`relation endpoint "${rel.endpoint}" is not in the charm's metadata`);
      continue;
    }
    if (isPeer && rel.kind !== 'peer') {
      problems.push(`"${rel.endpoint}" is a peer endpoint: use peerRelation('${rel.endpoint}')`);
    }
    if (!isPeer && rel.kind === 'peer') {
      problems.push(`"${rel.endpoint}" is not a peer endpoint: use relation('${rel.endpoint}')`);
    }
    const containerScoped = regular?.scope === 'container';
    if (containerScoped && rel.kind !== 'subordinate') {
      problems.push(
        `"${rel.endpoint}" is container-scoped: use subordinateRelation('${rel.endpoint}')`,
      );
    }
  }
  return problems;
}

function checkEntities(meta: CharmMeta, state: State): string[] {
  const problems: string[] = [];
  for (const c of state.containers) {
    if (!(c.name in meta.containers))
      problems.push(`container "${c.name}" is not in the charm's metadata`);
  }
  for (const s of state.storages) {
    if (!(s.name in meta.storage))
      problems.push(`storage "${s.name}" is not in the charm's metadata`);
  }
  for (const name of Object.keys(state.resources)) {
    if (!(name in meta.resources))
      problems.push(`resource "${name}" is not in the charm's metadata`);
  }
  return problems;
}

function checkEvent(meta: CharmMeta, state: State, event: EventSpec): string[] {
  const problems: string[] = [];
  if (event.isAction && !(event.name in meta.actions)) {
    problems.push(`action "${event.name}" is not in the charm's actions`);
  }
  if (event.relation && !state.relations.some((r) => r.id === event.relation!.id)) {
    problems.push(`${event.name}: relation ${event.relation.id} is not in the state`);
  }
  const needsUnit = ['relation-joined', 'relation-changed', 'relation-departed'].includes(
    event.kind,
  );
  if (
    needsUnit &&
    event.relation &&
    event.remoteUnitId === undefined &&
    event.kind !== 'relation-changed'
  ) {
    problems.push(`${event.name}: the relation has no remote unit to be the event's remote unit`);
  }
  if (event.container && !state.containers.some((c) => c.name === event.container!.name)) {
    problems.push(`${event.name}: container "${event.container.name}" is not in the state`);
  }
  if (
    event.storage &&
    !state.storages.some((s) => s.name === event.storage!.name && s.index === event.storage!.index)
  ) {
    problems.push(
      `${event.name}: storage ${event.storage.name}/${event.storage.index} is not in the state`,
    );
  }
  if (event.secret) {
    if (!state.secrets.some((s) => s.id === event.secret!.id)) {
      problems.push(`${event.name}: secret ${event.secret.id} is not in the state`);
    }
    const ownerOnly = ['secret-rotate', 'secret-expired', 'secret-remove'].includes(event.kind);
    if (ownerOnly && !event.secret.owner)
      problems.push(`${event.name} only reaches a secret's owner: give the secret an owner`);
    if (event.kind === 'secret-changed' && event.secret.owner) {
      problems.push('secret-changed only reaches consumers: the secret must have no owner');
    }
  }
  return problems;
}
