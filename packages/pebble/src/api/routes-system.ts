/**
 * @module `GET /v1/system-info` and `GET /v1/health` (pebble-api.md §1, §4.3, §8): both
 * open access, also served over the plain-HTTP listener.
 */
import type { DaemonContext } from '../context.ts';
import { multiList } from '../util/query.ts';
import { errorResponse, syncResponse } from './envelope.ts';
import type { Route } from './route.ts';

export function systemRoutes(d: DaemonContext): Route[] {
  return [
    {
      path: '/v1/system-info',
      access: { GET: 'open' },
      GET: () => {
        const result: Record<string, string> = {
          'boot-id': d.info.bootId,
          version: d.info.version,
        };
        if (d.info.httpAddress) result['http-address'] = d.info.httpAddress;
        return syncResponse(result);
      },
    },
    {
      path: '/v1/health',
      access: { GET: 'open' },
      GET: ({ url }) => {
        const level = url.searchParams.get('level') ?? '';
        if (level !== '' && level !== 'alive' && level !== 'ready') {
          return errorResponse(400, 'level must be "alive" or "ready"');
        }
        const healthy = d.checks.healthy(level, multiList(url.searchParams, 'names'));
        return syncResponse({ healthy }, healthy ? 200 : 502);
      },
    },
  ];
}
