/**
 * @module Checks API (pebble-api.md §4.2): list with level/names filters, start/stop, refresh.
 */
import type { DaemonContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { multiList } from '../util/query.ts';
import { optString, optStringList, readJson } from './body.ts';
import { syncResponse } from './envelope.ts';
import type { Route } from './route.ts';

export function checkRoutes(d: DaemonContext): Route[] {
  return [
    {
      path: '/v1/checks',
      access: { GET: 'user', POST: 'admin' },
      GET: ({ url }) => {
        const level = url.searchParams.get('level') ?? '';
        if (level !== '' && level !== 'alive' && level !== 'ready') {
          throw new ApiError(400, 'level must be "alive" or "ready"');
        }
        return syncResponse(d.checks.list(level, multiList(url.searchParams, 'names')));
      },
      POST: async ({ req }) => {
        const body = await readJson(req, 'data from request body');
        const changed = d.checks.startStop(
          optString(body, 'action') ?? '',
          optStringList(body, 'checks'),
        );
        return syncResponse({ changed });
      },
    },
    {
      path: '/v1/checks/refresh',
      access: { POST: 'admin' },
      POST: async ({ req }) => {
        const body = await readJson(req, 'data from request body');
        const name = optString(body, 'name') ?? '';
        if (!name) throw new ApiError(400, 'must specify check name');
        return syncResponse(await d.checks.refresh(name));
      },
    },
  ];
}
