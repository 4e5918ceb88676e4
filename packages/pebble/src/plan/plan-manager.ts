/**
 * @module Owns the layer list and the combined plan (pebble-api.md §2.3): `add` appends a
 * layer or, with `combine`, merges into a same-label layer in place; listeners run on change.
 */
import { ApiError, FormatError } from '../errors.ts';
import { buildPlan, combineLayers } from './combine.ts';
import { parseLayer } from './parse-layer.ts';
import type { Layer, Plan } from './types.ts';
import { validatePlan } from './validate.ts';

/** Options of `PlanManager.addLayer`, mirroring `POST /v1/layers`. */
export interface AddLayerOptions {
  readonly label: string;
  readonly yaml: string;
  readonly combine: boolean;
  readonly inner: boolean;
}

/** Keeps the ordered layers and recombines the plan whenever they change. */
export class PlanManager {
  #layers: Layer[] = [];
  #plan: Plan = { services: {}, checks: {}, 'log-targets': {} };
  readonly #listeners: ((plan: Plan) => void)[] = [];

  get plan(): Plan {
    return this.#plan;
  }

  get layers(): readonly Layer[] {
    return this.#layers;
  }

  /** Registers a callback run after each successful plan change. */
  onChange(listener: (plan: Plan) => void): void {
    this.#listeners.push(listener);
  }

  /** Replaces all layers (startup); throws `FormatError` if the plan is invalid. */
  load(layers: Layer[]): void {
    this.#apply([...layers].sort((a, b) => a.order - b.order));
  }

  #apply(layers: Layer[]): void {
    const plan = buildPlan(layers);
    validatePlan(plan);
    this.#layers = layers;
    this.#plan = plan;
    for (const listener of this.#listeners) listener(plan);
  }

  #nextOrder(label: string, inner: boolean): number {
    const last = this.#layers[this.#layers.length - 1];
    const lastOrder = last?.order ?? 0;
    const slash = label.indexOf('/');
    if (slash === -1) return (Math.floor(lastOrder / 1000) + 1) * 1000;
    const dir = label.slice(0, slash);
    const inDir = this.#layers.filter((l) => l.label.startsWith(`${dir}/`));
    const lastInDir = inDir[inDir.length - 1];
    if (!lastInDir) return (Math.floor(lastOrder / 1000) + 1) * 1000 + 1;
    const dirBase = Math.floor(lastInDir.order / 1000);
    if (dirBase !== Math.floor(lastOrder / 1000) && !inner) {
      throw new FormatError("cannot insert sub-directory layer without 'inner' attribute set");
    }
    return lastInDir.order + 1;
  }

  /** Adds (or combines) a layer from YAML; throws `ApiError`/`FormatError` (400). */
  addLayer(options: AddLayerOptions): void {
    const { label } = options;
    const index = this.#layers.findIndex((l) => l.label === label);
    const existing = this.#layers[index];
    if (existing && !options.combine) {
      throw new ApiError(400, `layer ${JSON.stringify(label)} already exists`);
    }
    if (existing) {
      const layer = parseLayer(existing.order, label, options.yaml);
      const combined = combineLayers([existing, layer]);
      combined.order = existing.order;
      combined.label = label;
      const layers = [...this.#layers];
      layers[index] = combined;
      this.#apply(layers);
      return;
    }
    const order = this.#nextOrder(label, options.inner);
    const layer = parseLayer(order, label, options.yaml);
    this.#apply([...this.#layers, layer].sort((a, b) => a.order - b.order));
  }
}
