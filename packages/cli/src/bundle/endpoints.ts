/**
 * @module Endpoint inference for bundle relations written as `[app, db]` (juju's
 * `InferEndpoints`): a `provides` endpoint pairs with a `requires` endpoint of the same
 * interface; every charm implicitly provides `juju-info`, used only when nothing else matches.
 */

/** An endpoint of a charm, from its metadata. */
export interface CharmEndpoint {
  readonly role: 'provides' | 'requires' | 'peers';
  readonly interface: string;
}

/** One side of a relation to resolve. */
export interface RelationSide {
  readonly app: string;
  /** The endpoint the bundle named, if any. */
  readonly endpoint?: string;
  /** The charm's endpoints; undefined when the app's charm is unknown (model-only app). */
  readonly endpoints: Readonly<Record<string, CharmEndpoint>> | undefined;
}

/** Either both endpoints, fully qualified, or why they cannot be determined. */
export type RelationResolution =
  | { readonly ok: true; readonly endpoints: readonly [string, string] }
  | { readonly ok: false; readonly reason: string; readonly unknownCharm: boolean };

const JUJU_INFO = 'juju-info';

function withImplicit(
  endpoints: Readonly<Record<string, CharmEndpoint>>,
): Record<string, CharmEndpoint> {
  return { [JUJU_INFO]: { role: 'provides', interface: JUJU_INFO }, ...endpoints };
}

function compatible(a: CharmEndpoint, b: CharmEndpoint): boolean {
  const roles =
    (a.role === 'provides' && b.role === 'requires') ||
    (a.role === 'requires' && b.role === 'provides');
  return roles && a.interface === b.interface;
}

function fail(reason: string, unknownCharm = false): RelationResolution {
  return { ok: false, reason, unknownCharm };
}

/** A side whose charm is known: its declared endpoints, and those plus implicit juju-info. */
interface Side {
  readonly app: string;
  readonly endpoint?: string;
  readonly declared: Readonly<Record<string, CharmEndpoint>>;
  readonly all: Readonly<Record<string, CharmEndpoint>>;
}

function candidates(side: Side): Array<[string, CharmEndpoint]> {
  const entries = Object.entries(side.all).filter(([, ep]) => ep.role !== 'peers');
  return side.endpoint === undefined ? entries : entries.filter(([name]) => name === side.endpoint);
}

function checkNamed(side: Side): string | undefined {
  if (side.endpoint === undefined || side.endpoint in side.all) return undefined;
  const known = Object.keys(side.all).sort().join(', ');
  return `application "${side.app}" has no endpoint "${side.endpoint}" (its endpoints: ${known})`;
}

/** Resolves a relation when one charm is unknown: only fully named endpoints can be trusted. */
function unknownCharm(a: RelationSide, b: RelationSide): RelationResolution {
  const unknown = a.endpoints === undefined ? a : b;
  if (a.endpoint === undefined || b.endpoint === undefined) {
    const other = unknown === a ? b : a;
    const which = a.endpoint === undefined ? a : b;
    return fail(
      `cannot infer the endpoint of "${which.app}": the charm of "${unknown.app}" is unknown ` +
        `(it is not in the bundle); write both endpoints, e.g. [${unknown.app}:<endpoint>, ${other.app}:<endpoint>]`,
      true,
    );
  }
  // Both named, one charm unknown: trust the bundle; the controller checks the relation.
  return { ok: true, endpoints: [`${a.app}:${a.endpoint}`, `${b.app}:${b.endpoint}`] };
}

/** Explains why a relation did not resolve to exactly one endpoint pair. */
function noSingleMatch(
  a: Side,
  b: Side,
  matches: ReadonlyArray<readonly [string, string]>,
): RelationResolution {
  const [first] = matches;
  if (first !== undefined) {
    const show = ([x, y]: readonly [string, string]): string => `${a.app}:${x} - ${b.app}:${y}`;
    return fail(
      `ambiguous relation between "${a.app}" and "${b.app}": could be ${matches.map(show).join(' or ')}; ` +
        `name the endpoints, e.g. [${a.app}:${first[0]}, ${b.app}:${first[1]}]`,
    );
  }
  const epA = a.endpoint === undefined ? undefined : a.all[a.endpoint];
  const epB = b.endpoint === undefined ? undefined : b.all[b.endpoint];
  if (epA && epB) {
    return fail(
      `endpoints ${a.app}:${a.endpoint} (${epA.role} ${epA.interface}) and ${b.app}:${b.endpoint} ` +
        `(${epB.role} ${epB.interface}) cannot be related: a provides endpoint must meet a ` +
        `requires endpoint of the same interface`,
    );
  }
  return fail(
    `no matching endpoints between "${a.app}" and "${b.app}" (a provides endpoint must meet a ` +
      `requires endpoint of the same interface): check the charms or name the endpoints`,
  );
}

/**
 * Resolves both endpoints of a relation, inferring those the bundle left out.
 *
 * @returns `ok` with `app:endpoint` pairs in the bundle's order, or the reason it failed;
 *   `unknownCharm` says the failure is only for lack of a charm's metadata
 * @example
 * resolveRelation(
 *   { app: 'app', endpoints: { db: { role: 'requires', interface: 'pgsql' } } },
 *   { app: 'db', endpoints: { db: { role: 'provides', interface: 'pgsql' } } },
 * ); // { ok: true, endpoints: ['app:db', 'db:db'] }
 */
export function resolveRelation(a: RelationSide, b: RelationSide): RelationResolution {
  if (a.endpoints === undefined || b.endpoints === undefined) return unknownCharm(a, b);
  const sideA: Side = { ...a, declared: a.endpoints, all: withImplicit(a.endpoints) };
  const sideB: Side = { ...b, declared: b.endpoints, all: withImplicit(b.endpoints) };
  const missing = checkNamed(sideA) ?? checkNamed(sideB);
  if (missing) return fail(missing);
  let matches: Array<[string, string]> = [];
  for (const [nameA, epA] of candidates(sideA)) {
    for (const [nameB, epB] of candidates(sideB)) {
      if (compatible(epA, epB)) matches.push([nameA, nameB]);
    }
  }
  if (matches.length > 1) {
    // juju-info is implicit: prefer any relation the charms declare themselves.
    const declared = matches.filter(([x, y]) => x in sideA.declared && y in sideB.declared);
    if (declared.length > 0) matches = declared;
  }
  const [first] = matches;
  if (first === undefined || matches.length > 1) return noSingleMatch(sideA, sideB, matches);
  return { ok: true, endpoints: [`${a.app}:${first[0]}`, `${b.app}:${first[1]}`] };
}
