/**
 * @module Identities API (pebble-api.md §8): `GET` lists (secrets masked), `POST` applies
 * add/update/replace/remove; a successful POST has no result.
 */
import type { DaemonContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { readJson, scalarString } from './body.ts';
import { syncResponse } from './envelope.ts';
import type { Route } from './route.ts';

export function identityRoutes(d: DaemonContext): Route[] {
  return [
    {
      path: '/v1/identities',
      access: { GET: 'user', POST: 'admin' },
      GET: () => syncResponse(d.identities.list()),
      POST: async ({ req }) => {
        const body = await readJson(req);
        const identities = body['identities'];
        if (typeof identities !== 'object' || identities === null || Array.isArray(identities)) {
          throw new ApiError(400, 'must specify identities');
        }
        d.identities.apply(scalarString(body['action']), identities as Record<string, unknown>);
        return syncResponse();
      },
    },
  ];
}
