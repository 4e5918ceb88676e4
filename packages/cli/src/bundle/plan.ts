/**
 * @module Plans a bundle deployment against the current model (juju-semantics.md §8, juju's
 * `bundlechanges`): what to deploy, scale, configure, trust, relate and expose, in juju's order,
 * leaving out what the model already has, so re-planning an applied bundle yields no changes.
 */
import type {
  AddRelationChange,
  AddUnitsChange,
  BundleChange,
  BundlePlan,
  DeployChange,
  ExposeChange,
  OptionValue,
  SetOptionsChange,
  SetTrustChange,
} from './changes.ts';
import type { CharmEndpoint } from './endpoints.ts';
import { resolveRelation } from './endpoints.ts';
import type { BundleProblem } from './errors.ts';
import { BundleError } from './errors.ts';
import type { Bundle, BundleApplication, BundleEndpointRef, BundleRelation } from './load.ts';

/** An application as the model has it now. */
export interface AppSnapshot {
  readonly charmName: string;
  readonly units: number;
  readonly config: Readonly<Record<string, unknown>>;
  readonly trust: boolean;
  readonly exposed: boolean;
  /**
   * The charm's endpoints, if known: lets relations to an app that is in the model but not in
   * the bundle leave its endpoint out.
   */
  readonly endpoints?: Readonly<Record<string, CharmEndpoint>>;
}

/** What the model holds now, as far as a bundle plan cares. */
export interface ModelSnapshot {
  readonly applications: Readonly<Record<string, AppSnapshot>>;
  /** Existing relations as fully qualified `app:endpoint` pairs, in any order. */
  readonly relations: ReadonlyArray<readonly [string, string]>;
}

/** A local charm's metadata, as {@link CharmInfoLookup} returns it. */
export interface CharmInfo {
  readonly name: string;
  readonly endpoints: Readonly<Record<string, CharmEndpoint>>;
  readonly config: Readonly<Record<string, { readonly type: string }>>;
}

/** Reads the metadata of the local charm at an absolute path; may throw. */
export type CharmInfoLookup = (path: string) => CharmInfo;

/** Changes gathered per kind, to be emitted in juju's order. */
interface Changes {
  deploy: DeployChange[];
  addUnits: AddUnitsChange[];
  setOptions: SetOptionsChange[];
  setTrust: SetTrustChange[];
  addRelation: AddRelationChange[];
  expose: ExposeChange[];
}

const OPTION_TYPES: Readonly<Record<string, (v: OptionValue) => boolean>> = {
  string: (v) => typeof v === 'string',
  secret: (v) => typeof v === 'string',
  int: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
};

/**
 * Computes the changes that bring the model to what the bundle describes, in juju's order:
 * deploy → add units → set options → set trust → add relation → expose. Units are never
 * removed (a note says so), options are set only where they differ, and relations that
 * already exist are skipped.
 *
 * @param bundle the merged bundle from `loadBundle`
 * @param model the model as it is now
 * @param charmInfo reads a local charm's name, endpoints and config options
 * @throws {BundleError} listing every problem: unknown or mistyped options, unreadable charms,
 *   a charm that differs from the deployed one, relations whose endpoints cannot be resolved
 */
export function planBundle(
  bundle: Bundle,
  model: ModelSnapshot,
  charmInfo: CharmInfoLookup,
): BundlePlan {
  const planner = new Planner(bundle, model, charmInfo);
  return planner.plan();
}

class Planner {
  readonly #bundle: Bundle;
  readonly #model: ModelSnapshot;
  readonly #charmInfo: CharmInfoLookup;
  readonly #problems: BundleProblem[] = [];
  readonly #notes: string[] = [];
  readonly #infos = new Map<string, CharmInfo>();
  readonly #changes: Changes = {
    deploy: [],
    addUnits: [],
    setOptions: [],
    setTrust: [],
    addRelation: [],
    expose: [],
  };

  constructor(bundle: Bundle, model: ModelSnapshot, charmInfo: CharmInfoLookup) {
    this.#bundle = bundle;
    this.#model = model;
    this.#charmInfo = charmInfo;
  }

  plan(): BundlePlan {
    // juju sorts applications by name, so the plan does not depend on YAML key order.
    const names = Object.keys(this.#bundle.applications).sort();
    for (const name of names) {
      const app = this.#bundle.applications[name];
      if (app) this.#application(app);
    }
    this.#relations();
    if (this.#problems.length > 0) throw new BundleError(this.#problems);
    const c = this.#changes;
    const changes: BundleChange[] = [
      ...c.deploy,
      ...c.addUnits,
      ...c.setOptions,
      ...c.setTrust,
      ...c.addRelation,
      ...c.expose,
    ];
    return { changes, notes: this.#notes };
  }

  #problem(path: string, message: string): void {
    this.#problems.push({ file: fileOf(this.#bundle, path), path, message });
  }

  #application(app: BundleApplication): void {
    const prefix = `applications.${app.name}`;
    let info: CharmInfo;
    try {
      info = this.#charmInfo(app.charm);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#problem(`${prefix}.charm`, `cannot read charm ${app.charmSource}: ${reason}`);
      return;
    }
    this.#infos.set(app.name, info);
    if (!this.#optionsValid(app, info)) return;
    const existing = this.#model.applications[app.name];
    if (existing === undefined) {
      this.#deploy(app, info);
    } else if (existing.charmName !== info.name) {
      this.#problem(
        `${prefix}.charm`,
        `application "${app.name}" already runs charm "${existing.charmName}", but the bundle ` +
          `gives charm "${info.name}": rename the application in the bundle or remove the existing one`,
      );
      return;
    } else {
      this.#update(app, existing);
    }
    if (app.expose === true && existing?.exposed !== true) {
      this.#changes.expose.push({ kind: 'expose', app: app.name });
    }
  }

  #optionsValid(app: BundleApplication, info: CharmInfo): boolean {
    let valid = true;
    for (const [key, value] of Object.entries(app.options)) {
      const path = `applications.${app.name}.options.${key}`;
      const option = info.config[key];
      if (option === undefined) {
        const known = Object.keys(info.config).sort().join(', ') || 'none';
        this.#problem(
          path,
          `unknown option "${key}" for application "${app.name}": remove it or fix its spelling ` +
            `(charm ${info.name} has options: ${known})`,
        );
        valid = false;
        continue;
      }
      const check = OPTION_TYPES[option.type];
      if (check !== undefined && !check(value)) {
        this.#problem(
          path,
          `option "${key}" expected ${option.type}, got ${JSON.stringify(value)}`,
        );
        valid = false;
      }
    }
    return valid;
  }

  #deploy(app: BundleApplication, info: CharmInfo): void {
    this.#changes.deploy.push({
      kind: 'deploy',
      app: app.name,
      charm: app.charm,
      charmSource: app.charmSource,
      charmName: info.name,
      // A bundle without num_units deploys one unit, as `juju deploy` does.
      numUnits: app.numUnits ?? 1,
      config: { ...app.options },
      resources: { ...app.resources },
      trust: app.trust ?? false,
    });
  }

  #update(app: BundleApplication, existing: AppSnapshot): void {
    const wanted = app.numUnits;
    if (wanted !== undefined && wanted > existing.units) {
      this.#changes.addUnits.push({
        kind: 'add-units',
        app: app.name,
        count: wanted - existing.units,
        total: wanted,
      });
    } else if (wanted !== undefined && wanted < existing.units) {
      this.#notes.push(
        `application "${app.name}" has ${existing.units} units, more than the ${wanted} the bundle ` +
          `asks for: deploying a bundle never removes units (use remove-unit)`,
      );
    }
    const values: Record<string, OptionValue> = {};
    for (const [key, value] of Object.entries(app.options)) {
      if (existing.config[key] !== value) values[key] = value;
    }
    if (Object.keys(values).length > 0) {
      this.#changes.setOptions.push({ kind: 'set-options', app: app.name, values });
    }
    if (app.trust !== undefined && app.trust !== existing.trust) {
      this.#changes.setTrust.push({ kind: 'set-trust', app: app.name, trust: app.trust });
    }
  }

  #endpointsOf(app: string): Readonly<Record<string, CharmEndpoint>> | undefined {
    return this.#infos.get(app)?.endpoints ?? this.#model.applications[app]?.endpoints;
  }

  #relations(): void {
    const planned = new Set<string>();
    for (const relation of this.#bundle.relations) {
      const [a, b] = relation.endpoints;
      // An app whose charm could not be read is already reported; skip its relations.
      if (this.#unreadable(a.app) || this.#unreadable(b.app)) continue;
      const resolved = resolveRelation(
        { ...a, endpoints: this.#endpointsOf(a.app) },
        { ...b, endpoints: this.#endpointsOf(b.app) },
      );
      if (!resolved.ok) {
        if (!(resolved.unknownCharm && this.#existingMatch(relation))) {
          this.#problems.push({
            file: relation.file,
            path: relation.path,
            message: resolved.reason,
          });
        }
        continue;
      }
      const key = relationKey(resolved.endpoints);
      if (planned.has(key) || this.#relationExists(key)) continue;
      planned.add(key);
      this.#changes.addRelation.push({ kind: 'add-relation', endpoints: resolved.endpoints });
    }
  }

  #unreadable(app: string): boolean {
    return app in this.#bundle.applications && !this.#infos.has(app);
  }

  #relationExists(key: string): boolean {
    return this.#model.relations.some((pair) => relationKey(pair) === key);
  }

  /** Whether a model relation matches a relation whose endpoints could not all be resolved. */
  #existingMatch(relation: BundleRelation): boolean {
    const [a, b] = relation.endpoints;
    return this.#model.relations.some(([x, y]) => {
      const [ex, ey] = [parseEndpoint(x), parseEndpoint(y)];
      return (matches(a, ex) && matches(b, ey)) || (matches(a, ey) && matches(b, ex));
    });
  }
}

function parseEndpoint(text: string): { app: string; endpoint: string } {
  const colon = text.indexOf(':');
  return colon === -1
    ? { app: text, endpoint: '' }
    : { app: text.slice(0, colon), endpoint: text.slice(colon + 1) };
}

function matches(ref: BundleEndpointRef, actual: { app: string; endpoint: string }): boolean {
  return ref.app === actual.app && (ref.endpoint === undefined || ref.endpoint === actual.endpoint);
}

function relationKey(pair: readonly [string, string]): string {
  return [...pair].sort().join(' ');
}

/** The file that set `path` (or its nearest parent) in the bundle, for messages. */
function fileOf(bundle: Bundle, path: string): string {
  const parts = path.split('.');
  while (parts.length > 0) {
    const file = bundle.origins[parts.join('.')];
    if (file !== undefined) return file;
    parts.pop();
  }
  return bundle.file;
}
