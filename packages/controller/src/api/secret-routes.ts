/**
 * @module API routes for user secrets (`juju add-secret`, `secrets`, `show-secret`,
 * `update-secret`, `grant-secret`, `revoke-secret`, `remove-secret`). A secret is named in
 * the path by its URI, bare id or name.
 */
import type { Controller } from '../controller.ts';
import { badRequest } from './routes.ts';
import type { ApiRequest, ApiRoute } from './routes.ts';

const base = '/v1/models/{model}/secrets';

const content = (v: unknown): Record<string, string> | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw badRequest('content must be an object of string values');
  return Object.fromEntries(Object.entries(v).map(([k, value]) => [k, String(value)]));
};

const apps = (req: ApiRequest): string[] => {
  const list = req.body.apps;
  if (!Array.isArray(list) || list.length === 0 || list.some((a) => typeof a !== 'string'))
    throw badRequest('apps must be a non-empty list of application names');
  return list as string[];
};

const optionalText = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const SECRET_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: base,
    handler: (c, req) =>
      c.userSecrets(req.params.model!).list({
        ...(req.query.has('owner') ? { owner: req.query.get('owner')! } : {}),
      }),
  },
  {
    method: 'POST',
    path: base,
    handler: (c: Controller, req: ApiRequest): unknown => {
      const name = optionalText(req.body.name);
      if (!name) throw badRequest('name must be a non-empty string');
      const uri = c
        .userSecrets(req.params.model!)
        .add(name, content(req.body.content) ?? {}, optionalText(req.body.description));
      return { uri };
    },
  },
  {
    method: 'GET',
    path: `${base}/{ref}`,
    handler: (c, req) =>
      c.userSecrets(req.params.model!).show(req.params.ref!, {
        reveal: req.query.get('reveal') === 'true',
        revisions: req.query.get('revisions') === 'true',
        ...(req.query.has('revision') ? { revision: Number(req.query.get('revision')) } : {}),
      }),
  },
  {
    method: 'PATCH',
    path: `${base}/{ref}`,
    handler: (c: Controller, req: ApiRequest): unknown => {
      const data = content(req.body.content);
      const description = optionalText(req.body.description);
      const name = optionalText(req.body.name);
      c.change(req.params.model!, () =>
        c.userSecrets(req.params.model!).update(req.params.ref!, {
          ...(data ? { content: data } : {}),
          ...(description === undefined ? {} : { description }),
          ...(name === undefined ? {} : { name }),
        }),
      );
      return {};
    },
  },
  {
    method: 'POST',
    path: `${base}/{ref}/grant`,
    handler: (c: Controller, req: ApiRequest): unknown => {
      c.change(req.params.model!, (uuid) =>
        c
          .userSecrets(req.params.model!)
          .grant(req.params.ref!, apps(req), (app) => void c.ops.requireApp(uuid, app)),
      );
      return {};
    },
  },
  {
    method: 'POST',
    path: `${base}/{ref}/revoke`,
    handler: (c: Controller, req: ApiRequest): unknown => {
      c.change(req.params.model!, () =>
        c.userSecrets(req.params.model!).revoke(req.params.ref!, apps(req)),
      );
      return {};
    },
  },
  {
    method: 'DELETE',
    path: `${base}/{ref}`,
    handler: (c: Controller, req: ApiRequest): unknown => {
      const revision = req.query.has('revision') ? Number(req.query.get('revision')) : undefined;
      c.change(req.params.model!, () =>
        c.userSecrets(req.params.model!).remove(req.params.ref!, revision),
      );
      return {};
    },
  },
];
