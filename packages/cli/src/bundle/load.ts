/**
 * @module Loads `charmkit deploy bundle.yaml [--overlay o.yaml]…` (juju-semantics.md §8): reads
 * the multi-document bundle file and each overlay, validates every document, merges them
 * (`merge.ts`), then checks the merged bundle and resolves local charm and resource paths
 * against the directory of the file that named them. Every problem is reported at once.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { resourceValue } from '../resource-value.ts';
import type { OptionValue } from './changes.ts';
import type { BundleProblem } from './errors.ts';
import { BundleError } from './errors.ts';
import type { MergedApplication, MergedBundle, Origin, SourcedDoc } from './merge.ts';
import { isEmpty, mergeDocuments, originOf } from './merge.ts';
import { APP_NAME, APPLICATION_KEYS, TOP_LEVEL_KEYS, documentSchema, showValue } from './schema.ts';

/** One side of a bundle relation: `app` or `app:endpoint`. */
export interface BundleEndpointRef {
  readonly app: string;
  /** Absent when the bundle leaves it to be inferred from the charms' interfaces. */
  readonly endpoint?: string;
}

/** A relation of the merged bundle, with the file and YAML path that declared it. */
export interface BundleRelation {
  readonly endpoints: readonly [BundleEndpointRef, BundleEndpointRef];
  readonly file: string;
  readonly path: string;
}

/** An application of the merged bundle, paths resolved. */
export interface BundleApplication {
  readonly name: string;
  /** Absolute path of the local charm (directory or `.charm` file). */
  readonly charm: string;
  /** The charm as written in the bundle, for messages. */
  readonly charmSource: string;
  /** `num_units` or `scale`; absent when the bundle gives neither. */
  readonly numUnits?: number;
  readonly options: Readonly<Record<string, OptionValue>>;
  /** Resource name → absolute path, OCI image reference, or revision number as text. */
  readonly resources: Readonly<Record<string, string>>;
  readonly trust?: boolean;
  readonly expose?: boolean;
  readonly constraints?: string;
  readonly storage: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly channel?: string;
  readonly revision?: number;
  /** The file (label) that declared the application, for messages. */
  readonly file: string;
}

/** A bundle with its overlays merged, validated and resolved: what `plan.ts` works from. */
export interface Bundle {
  /** The bundle file as given. */
  readonly file: string;
  /** `kubernetes`, or undefined for a machine bundle. */
  readonly bundleType?: string;
  /** In declaration order. */
  readonly applications: Readonly<Record<string, BundleApplication>>;
  readonly relations: readonly BundleRelation[];
  /** Accepted for compatibility, unused: charmkit places units itself. */
  readonly machines: Readonly<Record<string, unknown>>;
  /** YAML path → file label that set it (e.g. `applications.db.options.port`). */
  readonly origins: Readonly<Record<string, string>>;
}

/** What {@link loadBundle} needs besides the bundle file. */
export interface LoadBundleOptions {
  /** `--overlay` files, applied in order after the bundle's own documents. */
  readonly overlays?: readonly string[];
  /** Applications already in the model: relations may name them without deploying them. */
  readonly existingApps?: Iterable<string>;
}

/** Raw YAML text of one file, as read by {@link loadBundle}. */
export interface BundleSource {
  readonly file: string;
  readonly text: string;
}

const ENDPOINT = /^([a-z][a-z0-9-]*)(?::([a-z][a-z0-9-]*))?$/;

/**
 * Reads, merges and validates a bundle and its overlays.
 *
 * @param file the bundle file (`juju deploy ./bundle.yaml`)
 * @returns the merged bundle, local paths resolved
 * @throws {BundleError} `not-found` when a file is missing, `invalid` listing every problem
 */
export async function loadBundle(file: string, options: LoadBundleOptions = {}): Promise<Bundle> {
  const files = [file, ...(options.overlays ?? [])];
  const sources = await Promise.all(files.map(readSource));
  return buildBundle(sources, { existingApps: options.existingApps });
}

async function readSource(file: string): Promise<BundleSource> {
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (error) {
    const notFound = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const message = notFound
      ? 'no such file: check the path (relative paths start from the current directory)'
      : `cannot read file: ${(error as Error).message}`;
    throw new BundleError([{ file, path: '', message }], {
      code: notFound ? 'not-found' : 'invalid',
      cause: error,
    });
  }
}

/**
 * Builds the bundle from file texts already read: the first source's first document is the
 * base, every later document of any source an overlay. Checks charm and resource paths exist.
 *
 * @throws {BundleError} listing every problem found
 */
export function buildBundle(
  sources: readonly BundleSource[],
  options: { existingApps?: Iterable<string> } = {},
): Bundle {
  const problems: BundleProblem[] = [];
  const docs = sources.flatMap((source, index) => parseSource(source, index === 0, problems));
  if (problems.length > 0) throw new BundleError(problems);
  const merged = mergeDocuments(docs);
  const base: Origin = { label: sources[0]?.file ?? '', file: sources[0]?.file ?? '' };
  const checker = new MergedChecker(merged, base, new Set(options.existingApps ?? []));
  const bundle = checker.check();
  if (checker.problems.length > 0) throw new BundleError(checker.problems);
  return bundle;
}

function parseSource(
  source: BundleSource,
  isBase: boolean,
  problems: BundleProblem[],
): SourcedDoc[] {
  const docs = parseAllDocuments(source.text);
  if (!Array.isArray(docs) || docs.length === 0) {
    const message = 'the file is empty: give applications (and relations) to deploy';
    if (isBase) problems.push({ file: source.file, path: '', message });
    return [];
  }
  const out: SourcedDoc[] = [];
  docs.forEach((doc, index) => {
    const label = index === 0 ? source.file : `${source.file} (document ${index + 1})`;
    const error = doc.errors[0];
    if (error) {
      problems.push({ file: label, path: '', message: `invalid YAML: ${error.message}` });
      return;
    }
    const raw: unknown = doc.toJS({ maxAliasCount: 1000 });
    // A trailing `---` leaves an empty document: nothing to overlay.
    if ((raw === null || raw === undefined) && !(isBase && index === 0)) return;
    const parsed = validateDocument(raw, label, problems);
    if (parsed) out.push({ label, file: source.file, doc: parsed });
  });
  return out;
}

function validateDocument(
  raw: unknown,
  label: string,
  problems: BundleProblem[],
): SourcedDoc['doc'] | undefined {
  let input = raw;
  let legacy = false;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'services' in raw) {
    const { services, ...rest } = raw as Record<string, unknown>;
    if ('applications' in rest) {
      problems.push({
        file: label,
        path: 'services',
        message:
          'give applications or the legacy services, not both (rename services to applications)',
      });
      return undefined;
    }
    input = { ...rest, applications: services };
    legacy = true;
  }
  const result = documentSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const segments = issue.path.map(String);
    if (legacy && segments[0] === 'applications') segments[0] = 'services';
    problems.push(...problemsOfIssue(issue, segments, label));
  }
  return undefined;
}

function problemsOfIssue(
  issue: { code: string; message: string; keys?: string[] },
  segments: string[],
  label: string,
): BundleProblem[] {
  if (issue.code !== 'unrecognized_keys' || !issue.keys) {
    return [{ file: label, path: segments.join('.'), message: issue.message }];
  }
  const topLevel = segments.length === 0;
  const known = (topLevel ? TOP_LEVEL_KEYS : APPLICATION_KEYS).join(', ');
  return issue.keys.map((key) => ({
    file: label,
    path: [...segments, key].join('.'),
    message: topLevel
      ? `unknown top-level key "${key}": remove it or fix its spelling (known keys: ${known})`
      : `unknown application key "${key}": remove it or fix its spelling (known keys: ${known})`,
  }));
}

/** Checks the merged bundle and resolves its paths, collecting problems. */
class MergedChecker {
  readonly problems: BundleProblem[] = [];
  readonly #merged: MergedBundle;
  readonly #base: Origin;
  readonly #existingApps: ReadonlySet<string>;

  constructor(merged: MergedBundle, base: Origin, existingApps: ReadonlySet<string>) {
    this.#merged = merged;
    this.#base = base;
    this.#existingApps = existingApps;
  }

  check(): Bundle {
    const merged = this.#merged;
    for (const { path, origin } of merged.unsupported) {
      this.#problemAt(
        origin,
        path,
        `${path} are not supported by charmkit: remove the ${path} section`,
      );
    }
    if (merged.applications.size === 0) {
      this.#problem(
        'applications',
        'the bundle has no applications: declare at least one under applications',
      );
    }
    const applications: Record<string, BundleApplication> = {};
    for (const [name, app] of merged.applications) {
      const checked = this.#application(name, app);
      if (checked) applications[name] = checked;
    }
    const relations = this.#relations();
    const origins: Record<string, string> = {};
    for (const [path, origin] of merged.origins) origins[path] = origin.label;
    return {
      file: this.#base.file,
      ...(merged.bundleType === undefined ? {} : { bundleType: merged.bundleType }),
      applications,
      relations,
      machines: merged.machines,
      origins,
    };
  }

  #origin(path: string): Origin {
    return originOf(this.#merged, this.#base, path);
  }

  #problem(path: string, message: string): void {
    this.#problemAt(this.#origin(path), path, message);
  }

  #problemAt(origin: Origin, path: string, message: string): void {
    this.problems.push({ file: origin.label, path, message });
  }

  #application(name: string, app: MergedApplication): BundleApplication | undefined {
    const prefix = `applications.${name}`;
    const problemsBefore = this.problems.length;
    if (!APP_NAME.test(name)) {
      this.#problem(
        prefix,
        `"${name}" is not a valid application name (lowercase letters, digits and hyphens, starting with a letter)`,
      );
      return undefined;
    }
    const charm = this.#charm(name, app);
    if (app.num_units !== undefined && app.scale !== undefined) {
      this.#problem(
        prefix,
        'give num_units or scale, not both (scale is the Kubernetes synonym of num_units)',
      );
    }
    const options = this.#options(name, app);
    for (const key of ['offers', 'exposed-endpoints'] as const) {
      if (!isEmpty(app[key])) {
        const fix = key === 'offers' ? 'remove it' : 'use expose: true instead';
        this.#problem(`${prefix}.${key}`, `${key} are not supported by charmkit: ${fix}`);
      }
    }
    const resources = this.#resources(name, app);
    if (!charm || this.problems.length > problemsBefore) return undefined;
    const numUnits = app.num_units ?? app.scale;
    return {
      name,
      charm: charm.path,
      charmSource: charm.source,
      ...(numUnits === undefined ? {} : { numUnits }),
      options,
      resources,
      ...(app.trust === undefined ? {} : { trust: app.trust }),
      ...(app.expose === undefined ? {} : { expose: app.expose }),
      ...(app.constraints === undefined ? {} : { constraints: app.constraints }),
      storage: stringify(app.storage),
      annotations: stringify(app.annotations),
      ...(app.channel === undefined ? {} : { channel: app.channel }),
      ...(app.revision === undefined ? {} : { revision: app.revision }),
      file: this.#origin(prefix).label,
    };
  }

  #charm(name: string, app: MergedApplication): { path: string; source: string } | undefined {
    const path = `applications.${name}.charm`;
    const charm = app.charm;
    if (charm === undefined || charm === '') {
      this.#problem(
        `applications.${name}`,
        'missing charm: give the path to a local charm, e.g. charm: ./charms/' + name,
      );
      return undefined;
    }
    if (!charm.startsWith('.') && !charm.startsWith('/')) {
      this.#problem(
        path,
        `"${charm}" is a Charmhub charm, but charmkit deploys only local charms: give a path ` +
          `starting with "./" or "/" to a charm directory or .charm file (e.g. ./charms/${charm})`,
      );
      return undefined;
    }
    const resolved = resolve(dirname(this.#origin(path).file), charm);
    if (!existsSync(resolved)) {
      this.#problem(
        path,
        `local charm ${charm} not found (looked for ${resolved}): paths are relative to the bundle file's directory`,
      );
      return undefined;
    }
    return { path: resolved, source: charm };
  }

  #options(name: string, app: MergedApplication): Record<string, OptionValue> {
    const options: Record<string, OptionValue> = {};
    for (const [key, value] of Object.entries(app.options ?? {})) {
      if (value === null) {
        this.#problem(
          `applications.${name}.options.${key}`,
          'option has no value: give one (use "" for empty text) or leave the option out',
        );
      } else {
        options[key] = value;
      }
    }
    return options;
  }

  #resources(name: string, app: MergedApplication): Record<string, string> {
    const resources: Record<string, string> = {};
    for (const [key, value] of Object.entries(app.resources ?? {})) {
      const path = `applications.${name}.resources.${key}`;
      if (typeof value === 'number') {
        resources[key] = String(value);
        continue;
      }
      const resolved = resourceValue(value, dirname(this.#origin(path).file));
      if ('missing' in resolved)
        this.#problem(
          path,
          `resource file ${value} not found (looked for ${resolved.missing}): paths are relative to the bundle file's directory`,
        );
      // Anything else not on disk goes to the controller as written: an OCI image reference
      // (`ghcr.io/x:1`) for an oci-image resource, as `juju deploy` accepts.
      else resources[key] = resolved.value;
    }
    return resources;
  }

  #relations(): BundleRelation[] {
    const out: BundleRelation[] = [];
    const seen = new Map<string, string>();
    for (const relation of this.#merged.relations) {
      const origin = { label: relation.label, file: relation.label };
      const report = (message: string): void => this.#problemAt(origin, relation.path, message);
      const parsed = this.#relation(relation.endpoints, report);
      if (!parsed) continue;
      const key = parsed.map(endpointText).sort().join(' ');
      const first = seen.get(key);
      if (first !== undefined) {
        report(`duplicate relation (already declared at ${first}): remove one of them`);
        continue;
      }
      seen.set(key, `${relation.label}: ${relation.path}`);
      out.push({ endpoints: parsed, file: relation.label, path: relation.path });
    }
    return out;
  }

  #relation(
    endpoints: readonly string[],
    report: (message: string) => void,
  ): [BundleEndpointRef, BundleEndpointRef] | undefined {
    if (endpoints.length !== 2) {
      report(
        `a relation needs exactly 2 endpoints, got ${endpoints.length}: write [app:endpoint, other:endpoint]`,
      );
      return undefined;
    }
    const refs: BundleEndpointRef[] = [];
    for (const text of endpoints) {
      const match = ENDPOINT.exec(text);
      if (!match?.[1]) {
        report(`invalid endpoint ${showValue(text)}: write "app" or "app:endpoint"`);
        return undefined;
      }
      const app = match[1];
      if (!this.#merged.applications.has(app) && !this.#existingApps.has(app)) {
        report(
          `application "${app}" is neither in the bundle nor in the model: add it under applications or fix the name`,
        );
        return undefined;
      }
      refs.push(match[2] === undefined ? { app } : { app, endpoint: match[2] });
    }
    const [a, b] = refs as [BundleEndpointRef, BundleEndpointRef];
    if (a.app === b.app) {
      report(`both endpoints are on application "${a.app}": a relation joins two applications`);
      return undefined;
    }
    return [a, b];
  }
}

function endpointText(ref: BundleEndpointRef): string {
  return ref.endpoint === undefined ? ref.app : `${ref.app}:${ref.endpoint}`;
}

function stringify(
  map: Record<string, string | number | boolean> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) out[key] = String(value);
  return out;
}
