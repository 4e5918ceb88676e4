/**
 * @module The controller API: JSON over HTTP on the controller's unix socket, one route per
 * model operation. Clients (the `charmkit` CLI) get Juju's error texts with a status code:
 * 404 for what does not exist, 409 for what already does, 400 for anything else invalid.
 */
import type { Controller } from '../controller.ts';
import { ControllerError } from '../model/errors.ts';
import type { ConfigValue } from '../model/config.ts';
import { SECRET_ROUTES } from './secret-routes.ts';

export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
}

export type ApiHandler = (c: Controller, req: ApiRequest) => unknown;

export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly handler: ApiHandler;
}

/** A request the API cannot take as it is: answered 400 with the reason. */
export const badRequest = (message: string): ControllerError =>
  new ControllerError('invalid', message);

const text = (v: unknown, what: string): string => {
  if (typeof v !== 'string' || v === '') throw badRequest(`${what} must be a non-empty string`);
  return v;
};

const unitName = (req: ApiRequest): string => `${req.params.app}/${req.params.n}`;

const CORE_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/v1/models', handler: (c) => c.models() },
  {
    method: 'POST',
    path: '/v1/models',
    handler: (c: Controller, req: ApiRequest): unknown => {
      const name = text(req.body.name, 'name');
      return { name, uuid: c.ops.createModel(name) };
    },
  },
  {
    method: 'GET',
    path: '/v1/models/{model}',
    handler: (c, req) => c.showModel(req.params.model!),
  },
  {
    method: 'DELETE',
    path: '/v1/models/{model}',
    handler: async (c: Controller, req: ApiRequest): Promise<unknown> => {
      await c.destroyModel(req.params.model!, {
        force: req.query.get('force') === 'true',
        ...(req.query.has('timeout') ? { timeoutMs: Number(req.query.get('timeout')) } : {}),
      });
      return {};
    },
  },
  {
    method: 'GET',
    path: '/v1/models/{model}/status',
    handler: (c, req) => c.status(req.params.model!),
  },
  {
    method: 'GET',
    path: '/v1/models/{model}/integrations',
    handler: (c, req) => c.integrations(req.params.model!),
  },
  {
    method: 'POST',
    path: '/v1/models/{model}/applications',
    handler: async (c: Controller, req: ApiRequest): Promise<unknown> => {
      const app = await c.deploy(req.params.model!, text(req.body.charm, 'charm'), {
        ...(typeof req.body.name === 'string' ? { name: req.body.name } : {}),
        ...(typeof req.body.numUnits === 'number' ? { numUnits: req.body.numUnits } : {}),
        ...(req.body.trust === true ? { trust: true } : {}),
        resources: (req.body.resources ?? {}) as Record<string, string>,
        config: (req.body.config ?? {}) as Record<string, ConfigValue>,
      });
      return { name: app.name, charm: `local:${app.charm.name}-${app.charm.revision}` };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/models/{model}/applications/{app}',
    handler: (c, req) =>
      c.change(req.params.model!, (uuid) => c.ops.removeApplication(uuid, req.params.app!)),
  },
  {
    method: 'POST',
    path: '/v1/models/{model}/applications/{app}/refresh',
    handler: async (c: Controller, req: ApiRequest): Promise<unknown> => {
      const charm = await c.refresh(
        req.params.model!,
        req.params.app!,
        text(req.body.charm, 'charm'),
        {
          resources: (req.body.resources ?? {}) as Record<string, string>,
        },
      );
      return { charm: `local:${charm.name}-${charm.revision}` };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/models/{model}/applications/{app}',
    handler: (c: Controller, req: ApiRequest): unknown => {
      const flag = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
      const trust = flag(req.body.trust);
      const exposed = flag(req.body.exposed);
      c.setApplicationFlags(req.params.model!, req.params.app!, {
        ...(trust === undefined ? {} : { trust }),
        ...(exposed === undefined ? {} : { exposed }),
      });
      return {};
    },
  },
  {
    method: 'GET',
    path: '/v1/models/{model}/units/{app}/{n}',
    handler: (c, req) => c.showUnit(req.params.model!, unitName(req)),
  },
  {
    method: 'GET',
    path: '/v1/models/{model}/units/{app}/{n}/paths',
    handler: (c, req) => c.unitPaths(req.params.model!, unitName(req)),
  },
  {
    method: 'POST',
    path: '/v1/models/{model}/exec',
    handler: (c, req) =>
      c.exec(
        req.params.model!,
        text(req.body.unit, 'unit'),
        text(req.body.command, 'command'),
        typeof req.body.timeout === 'number' ? req.body.timeout : undefined,
      ),
  },
  {
    method: 'POST',
    path: '/v1/models/{model}/applications/{app}/units',
    handler: (c, req) => ({
      units: c.change(req.params.model!, (uuid) =>
        c.ops.addUnits(uuid, req.params.app!, Number(req.body.count ?? 1)),
      ),
    }),
  },
  {
    method: 'DELETE',
    path: '/v1/models/{model}/units/{app}/{n}',
    handler: (c, req) =>
      c.change(req.params.model!, (uuid) => c.ops.removeUnit(uuid, unitName(req))),
  },
  {
    method: 'GET',
    path: '/v1/models/{model}/applications/{app}/config',
    handler: (c, req) => c.applicationConfig(req.params.model!, req.params.app!),
  },
  {
    method: 'PATCH',
    path: '/v1/models/{model}/applications/{app}/config',
    handler: (c, req) =>
      c.change(req.params.model!, (uuid) =>
        c.ops.setConfig(
          uuid,
          req.params.app!,
          (req.body.values ?? {}) as Record<string, ConfigValue>,
          (req.body.reset ?? []) as string[],
        ),
      ),
  },
  {
    method: 'POST',
    path: '/v1/models/{model}/relations',
    handler: (c: Controller, req: ApiRequest): unknown => {
      const [a, b] = req.body.endpoints as [string, string];
      const rel = c.change(req.params.model!, (uuid) =>
        c.ops.integrate(uuid, text(a, 'endpoints[0]'), text(b, 'endpoints[1]')),
      );
      return { id: rel.id };
    },
  },
  {
    method: 'POST',
    path: '/v1/models/{model}/relations/remove',
    handler: (c: Controller, req: ApiRequest): unknown => {
      const [a, b] = req.body.endpoints as [string, string];
      return c.change(req.params.model!, (uuid) =>
        c.ops.removeRelation(uuid, text(a, 'endpoints[0]'), text(b, 'endpoints[1]')),
      );
    },
  },
  {
    method: 'POST',
    path: '/v1/models/{model}/actions',
    handler: (c, req) =>
      c.runAction(
        req.params.model!,
        text(req.body.unit, 'unit'),
        text(req.body.name, 'name'),
        (req.body.params ?? {}) as Record<string, unknown>,
      ),
  },
  {
    method: 'GET',
    path: '/v1/models/{model}/actions/{id}',
    handler: (c, req) =>
      c.waitAction(req.params.model!, Number(req.params.id), Number(req.query.get('wait') ?? 0)),
  },
  {
    method: 'POST',
    path: '/v1/models/{model}/units/{app}/{n}/resolve',
    handler: (c, req) =>
      c.resolve(req.params.model!, unitName(req), { retry: req.body.retry !== false }),
  },
  {
    method: 'GET',
    path: '/v1/models/{model}/logs',
    handler: (c, req) =>
      c.logs(req.params.model!, {
        afterId: Number(req.query.get('after') ?? 0),
        limit: Number(req.query.get('limit') ?? 10_000),
      }),
  },
  {
    method: 'GET',
    path: '/v1/models/{model}/config',
    handler: (c, req) => c.ops.modelConfig(c.ops.modelUuid(req.params.model!)),
  },
  {
    method: 'GET',
    path: '/v1/models/{model}/constraints',
    handler: (c, req) => c.ops.modelConstraints(c.ops.modelUuid(req.params.model!)),
  },
  {
    method: 'POST',
    path: '/v1/models/{model}/constraints',
    handler: (c, req) =>
      c.change(req.params.model!, (uuid) =>
        c.ops.setModelConstraints(uuid, (req.body.values ?? {}) as Record<string, string>),
      ),
  },
  {
    method: 'PATCH',
    path: '/v1/models/{model}/config',
    handler: (c, req) =>
      c.change(req.params.model!, (uuid) =>
        c.ops.setModelConfig(
          uuid,
          (req.body.values ?? {}) as Record<string, string>,
          (req.body.reset ?? []) as string[],
        ),
      ),
  },
];

export const ROUTES: readonly ApiRoute[] = [...CORE_ROUTES, ...SECRET_ROUTES];
