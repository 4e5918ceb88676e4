/**
 * @module Relation endpoints as `juju integrate` reads them: the endpoints a charm offers
 * (`provides`, `requires` and the implicit `juju-info`), which pair of them `a[:ep] b[:ep]`
 * means (same interface, one provider and one requirer), and Juju's relation key.
 */
import type { CharmMeta, RelationMeta } from '@charmkit/ops';
import { ControllerError } from './errors.ts';
import type { RelationEndpoint } from './types.ts';

export function endpointOf(
  app: string,
  endpoint: string,
  rel: RelationMeta,
  role: RelationEndpoint['role'],
): RelationEndpoint {
  return { app, endpoint, role, interface: rel.interface, scope: rel.scope ?? 'global' };
}

/** The endpoints of `app` (running `meta`) that `endpoint`, or any when omitted, names. */
export function endpointsNamed(
  app: string,
  meta: CharmMeta,
  endpoint: string | undefined,
): RelationEndpoint[] {
  const all: RelationEndpoint[] = [
    ...Object.entries(meta.provides).map(([ep, rel]) => endpointOf(app, ep, rel, 'provider')),
    ...Object.entries(meta.requires).map(([ep, rel]) => endpointOf(app, ep, rel, 'requirer')),
    endpointOf(app, 'juju-info', { interface: 'juju-info' }, 'provider'),
  ];
  const found = endpoint === undefined ? all : all.filter((e) => e.endpoint === endpoint);
  if (endpoint !== undefined && found.length === 0) {
    throw new ControllerError('not-found', `application "${app}" has no "${endpoint}" relation`);
  }
  return found;
}

/**
 * The one provider–requirer pair over a shared interface between the endpoints `first` and
 * `second` name (each with the candidates its spec stands for); with `existing` (removing a relation) the first of several will do.
 */
export function matchEndpoints(
  first: { readonly spec: string; readonly endpoints: readonly RelationEndpoint[] },
  second: { readonly spec: string; readonly endpoints: readonly RelationEndpoint[] },
  options: { existing?: boolean } = {},
): [RelationEndpoint, RelationEndpoint] {
  const [left, right] = [first.endpoints, second.endpoints];
  const pairs: [RelationEndpoint, RelationEndpoint][] = [];
  for (const a of left) {
    for (const b of right) {
      const roles = new Set([a.role, b.role]);
      if (a.interface === b.interface && roles.has('provider') && roles.has('requirer'))
        pairs.push([a, b]);
    }
  }
  if (pairs.length === 0) {
    throw new ControllerError(
      'relation-mismatch',
      `no relations found between "${first.spec}" and "${second.spec}"`,
    );
  }
  if (pairs.length > 1 && !options.existing) {
    const choices = pairs
      .map(([a, b]) => `"${a.app}:${a.endpoint} ${b.app}:${b.endpoint}"`)
      .join(', ');
    throw new ControllerError(
      'invalid',
      `ambiguous relation: "${first.spec} ${second.spec}" could refer to ${choices}`,
    );
  }
  return pairs[0]!;
}

/** Juju's relation key: requirer first, then provider (`wordpress:db mysql:server`). */
export function relationKey(endpoints: readonly RelationEndpoint[]): string {
  const order = { requirer: 0, peer: 1, provider: 2 };
  return [...endpoints]
    .sort((a, b) => order[a.role] - order[b.role])
    .map((e) => `${e.app}:${e.endpoint}`)
    .join(' ');
}
