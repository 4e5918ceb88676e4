/**
 * @module Merges a base bundle document with its overlays, juju's way (juju-semantics.md §8):
 * relations append, machines overwrite, an overlay application with no properties removes that
 * application (and the relations naming it), otherwise overlay keys replace the base's, and
 * `options` merge key by key (a `null` option in an overlay drops the key). Records which
 * document set each YAML path, so that later errors can name the right file.
 */
import type { ApplicationDoc, BundleDoc } from './schema.ts';

/** A validated document and the label naming it in messages (`file` or `file (document 2)`). */
export interface SourcedDoc {
  readonly label: string;
  /** The file the document came from: relative charm and resource paths start from its dir. */
  readonly file: string;
  readonly doc: BundleDoc;
}

/** An application as merged, before its paths are resolved. */
export type MergedApplication = Omit<ApplicationDoc, 'options'> & {
  options?: Record<string, string | number | boolean | null>;
};

/** A relation entry as written, with where it was written. */
export interface MergedRelation {
  readonly endpoints: readonly string[];
  readonly label: string;
  readonly path: string;
}

/** Where a YAML path was last set: the document label and the file it came from. */
export interface Origin {
  readonly label: string;
  readonly file: string;
}

/** The result of merging: every application, relation and machine, plus provenance. */
export interface MergedBundle {
  bundleType: string | undefined;
  readonly applications: Map<string, MergedApplication>;
  relations: MergedRelation[];
  readonly machines: Record<string, unknown>;
  /** YAML paths of non-empty `saas`/`offers` sections, which charmkit does not support. */
  readonly unsupported: Array<{ readonly path: string; readonly origin: Origin }>;
  /** YAML path → the document that last set it. */
  readonly origins: Map<string, Origin>;
}

/** Finds the document that set `path` or, failing that, its nearest parent; else the base. */
export function originOf(merged: MergedBundle, base: Origin, path: string): Origin {
  const parts = path.split('.');
  while (parts.length > 0) {
    const found = merged.origins.get(parts.join('.'));
    if (found) return found;
    parts.pop();
  }
  return base;
}

/** True for null, an empty list or an empty mapping: "no properties" in an overlay. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function appOf(endpoint: string): string {
  const colon = endpoint.indexOf(':');
  return colon === -1 ? endpoint : endpoint.slice(0, colon);
}

function mergeApplication(
  merged: MergedBundle,
  name: string,
  overlay: ApplicationDoc,
  origin: Origin,
): void {
  const prefix = `applications.${name}`;
  const existing = merged.applications.get(name);
  if (!existing) merged.origins.set(prefix, origin);
  const app: MergedApplication = existing ?? {};
  for (const [key, value] of Object.entries(overlay) as Array<[keyof ApplicationDoc, unknown]>) {
    if (value === undefined) continue;
    if (key === 'options') {
      app.options ??= {};
      for (const [option, optionValue] of Object.entries(overlay.options ?? {})) {
        // A null option in an overlay drops the key; a null in the base is reported later.
        if (optionValue === null && existing) delete app.options[option];
        else app.options[option] = optionValue;
        merged.origins.set(`${prefix}.options.${option}`, origin);
      }
      continue;
    }
    (app as Record<string, unknown>)[key] = value;
    merged.origins.set(`${prefix}.${key}`, origin);
  }
  merged.applications.set(name, app);
}

function removeApplication(merged: MergedBundle, name: string): void {
  merged.applications.delete(name);
  merged.relations = merged.relations.filter((r) => !r.endpoints.some((e) => appOf(e) === name));
}

function mergeDocument(merged: MergedBundle, sourced: SourcedDoc, isBase: boolean): void {
  const { doc } = sourced;
  const origin: Origin = { label: sourced.label, file: sourced.file };
  if (doc.bundle !== undefined) merged.bundleType = doc.bundle;
  for (const [name, app] of Object.entries(doc.applications ?? {})) {
    if (!isBase && isEmpty(app)) removeApplication(merged, name);
    else mergeApplication(merged, name, app ?? {}, origin);
  }
  (doc.relations ?? []).forEach((endpoints, index) => {
    merged.relations.push({ endpoints, label: sourced.label, path: `relations.${index}` });
  });
  for (const [id, machine] of Object.entries(doc.machines ?? {})) {
    merged.machines[id] = machine;
  }
  for (const key of ['saas', 'offers'] as const) {
    if (!isEmpty(doc[key])) merged.unsupported.push({ path: key, origin });
  }
}

/**
 * Merges documents in order: the first is the base, every later one an overlay.
 *
 * @param docs validated documents, base first
 * @returns the merged bundle with provenance; paths are not resolved yet
 */
export function mergeDocuments(docs: readonly SourcedDoc[]): MergedBundle {
  const merged: MergedBundle = {
    bundleType: undefined,
    applications: new Map(),
    relations: [],
    machines: {},
    unsupported: [],
    origins: new Map(),
  };
  docs.forEach((doc, index) => mergeDocument(merged, doc, index === 0));
  return merged;
}
