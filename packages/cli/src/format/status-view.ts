/**
 * @module Typed reads of the API's status document (`juju status --format json` shape,
 * juju-semantics.md §1.4), tolerant of missing keys: the controller owns the shape.
 */

export type Json = Record<string, unknown>;

/** `value` if it is a plain object, else `{}`. */
export function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
}

/** `value` as text (`''` when absent). */
export function str(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

/** The applications of a status document, by name. */
export function applications(status: Json): [string, Json][] {
  return Object.entries(obj(status.applications)).map(([name, app]) => [name, obj(app)]);
}

/** An application's units in numeric order (`kv/2` before `kv/10`). */
export function units(app: Json): [string, Json][] {
  return Object.entries(obj(app.units))
    .map(([name, unit]): [string, Json] => [name, obj(unit)])
    .sort(([a], [b]) => unitNumber(a) - unitNumber(b));
}

/** `kv/3` → 3. */
export function unitNumber(unit: string): number {
  return Number(unit.slice(unit.lastIndexOf('/') + 1));
}

/** A relation as the status document describes it, both ends as `app:endpoint`. */
export interface StatusRelation {
  readonly endpoints: readonly [string, string];
  readonly interface: string;
  readonly peer: boolean;
}

/**
 * Every relation of a status document once, from the applications' `relations` maps. The
 * document names only the remote application; its endpoint is the remote's entry pointing
 * back over the same interface (`?` if there is none).
 */
export function statusRelations(status: Json): StatusRelation[] {
  const seen = new Set<string>();
  const out: StatusRelation[] = [];
  for (const [name, app] of applications(status)) {
    for (const [endpoint, list] of Object.entries(obj(app.relations))) {
      for (const rel of Array.isArray(list) ? list.map(obj) : []) {
        const other = str(rel['related-application']);
        const iface = str(rel.interface);
        const key = [name, other, iface].sort().join(' ');
        if (seen.has(key)) continue;
        seen.add(key);
        const a = `${name}:${endpoint}`;
        const b = other === name ? a : `${other}:${remoteEndpoint(status, other, name, iface)}`;
        out.push({ endpoints: [a, b], interface: iface, peer: other === name });
      }
    }
  }
  return out;
}

function remoteEndpoint(status: Json, other: string, app: string, iface: string): string {
  const relations = obj(obj(obj(status.applications)[other]).relations);
  for (const [endpoint, list] of Object.entries(relations)) {
    const back = (Array.isArray(list) ? list.map(obj) : []).some(
      (r) => str(r['related-application']) === app && str(r.interface) === iface,
    );
    if (back) return endpoint;
  }
  return '?';
}
