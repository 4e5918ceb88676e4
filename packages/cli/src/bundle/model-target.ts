/**
 * @module The bundle planner's view of a real model, and the target that changes it, both over
 * the controller's API; plus the metadata of local charms a bundle names.
 */
import type { ApiClient } from '../api-client.ts';
import { applications, obj, str, units } from '../format/status-view.ts';
import type { BundleTarget } from './apply.ts';
import type { CharmEndpoint } from './endpoints.ts';
import type { AppSnapshot, CharmInfo, ModelSnapshot } from './plan.ts';

/** What the model holds now: applications (with effective config) and non-peer relations. */
export async function modelSnapshot(client: ApiClient, model: string): Promise<ModelSnapshot> {
  const status = await client.status(model);
  const apps: Record<string, AppSnapshot> = {};
  for (const [name, app] of applications(status)) {
    if (app.life !== undefined) continue; // dying: neither reused nor redeployed by a bundle
    const config = await client.config(model, name);
    const settings = Object.fromEntries(
      Object.entries(obj(config.settings)).map(([key, s]) => [key, obj(s).value]),
    );
    const trust = obj(obj(config['application-config']).trust).value === true;
    apps[name] = {
      charmName: str(app['charm-name']),
      units: units(app).filter(([, unit]) => unit.life === undefined).length,
      config: settings,
      trust,
      exposed: app.exposed === true,
    };
  }
  const relations = (await client.integrations(model))
    .filter((r) => r.type !== 'peer')
    .map((r): [string, string] => [r.requirer, r.provider]);
  return { applications: apps, relations };
}

/** Reads the metadata of the local charm directory at `path` (for the planner). */
export async function localCharmInfo(): Promise<(path: string) => CharmInfo> {
  // The metadata loader (and its schema validator) is loaded only for bundles.
  const { loadCharmMeta } = await import('@charmkit/ops/metadata');
  return (path) => {
    const meta = loadCharmMeta(path);
    const endpoints: Record<string, CharmEndpoint> = {};
    for (const role of ['provides', 'requires', 'peers'] as const) {
      for (const [name, rel] of Object.entries(meta[role]))
        endpoints[name] = { role, interface: rel.interface };
    }
    return { name: meta.name, endpoints, config: meta.config };
  };
}

/** Applies bundle changes through the controller's API, one call per change. */
export function apiBundleTarget(client: ApiClient, model: string): BundleTarget {
  return {
    deploy: async (req) => {
      await client.deploy(model, {
        charm: req.charm,
        name: req.name,
        numUnits: req.numUnits,
        config: req.config,
        resources: req.resources,
        ...(req.trust ? { trust: true } : {}),
      });
    },
    addUnits: async (app, count) => {
      await client.addUnits(model, app, count);
    },
    setConfig: async (app, values) => {
      await client.setConfig(model, app, { values, reset: [] });
    },
    setTrust: async (app, trust) => {
      await client.setApplicationFlags(model, app, { trust });
    },
    integrate: async (a, b) => {
      await client.integrate(model, [a, b]);
    },
    expose: async (app) => {
      await client.setApplicationFlags(model, app, { exposed: true });
    },
  };
}
