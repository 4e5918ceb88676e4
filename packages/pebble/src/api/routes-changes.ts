/**
 * @module Changes API (pebble-api.md §1.1): list, get, wait with Go-duration timeout (504),
 * and abort.
 */
import type { DaemonContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { Change } from '../state/change.ts';
import { changeJson, changeStatus, isReady } from '../state/change.ts';
import { formatDuration, parseDuration } from '../util/duration.ts';
import { readJson } from './body.ts';
import { errorResponse, syncResponse } from './envelope.ts';
import type { Route } from './route.ts';

function getChange(d: DaemonContext, id: string): Change {
  const change = d.state.getChange(id);
  if (!change) throw new ApiError(404, `cannot find change with id ${JSON.stringify(id)}`);
  return change;
}

function selectFilter(select: string): (c: Change) => boolean {
  switch (select) {
    case '':
    case 'in-progress':
      return (c) => !isReady(changeStatus(c));
    case 'ready':
      return (c) => isReady(changeStatus(c));
    case 'all':
      return () => true;
    default:
      throw new ApiError(400, `select should be one of: all,in-progress,ready`);
  }
}

export function changeRoutes(d: DaemonContext): Route[] {
  return [
    {
      path: '/v1/changes',
      access: { GET: 'user' },
      GET: ({ url }) => {
        const filter = selectFilter(url.searchParams.get('select') ?? '');
        const forService = url.searchParams.get('for') ?? '';
        const changes = d.state
          .changes()
          .filter(filter)
          .filter((c) => {
            if (!forService) return true;
            const names = c.data['service-names'];
            return Array.isArray(names) && names.includes(forService);
          });
        return syncResponse(changes.map(changeJson));
      },
    },
    {
      path: '/v1/changes/{id}',
      access: { GET: 'user', POST: 'admin' },
      GET: ({ params }) => syncResponse(changeJson(getChange(d, params['id'] ?? ''))),
      POST: async ({ req, params }) => {
        const change = getChange(d, params['id'] ?? '');
        const body = await readJson(req, 'data from request body');
        if (body['action'] !== 'abort') {
          return errorResponse(400, `invalid action ${JSON.stringify(body['action'] ?? '')}`);
        }
        if (isReady(changeStatus(change)) || !d.runner.abort(change)) {
          return errorResponse(400, `cannot abort change ${change.id} with nothing pending`);
        }
        return syncResponse(changeJson(change));
      },
    },
    {
      path: '/v1/changes/{id}/wait',
      access: { GET: 'user' },
      GET: async ({ params, url, signal }) => {
        const change = getChange(d, params['id'] ?? '');
        const timeoutText = url.searchParams.get('timeout') ?? '';
        let timeoutMs = 0;
        if (timeoutText) {
          try {
            timeoutMs = parseDuration(timeoutText);
          } catch (err) {
            return errorResponse(400, `invalid timeout: ${(err as Error).message}`);
          }
        }
        const signals = [signal];
        if (timeoutMs > 0) signals.push(AbortSignal.timeout(timeoutMs));
        const ready = await d.state.waitReady(change, AbortSignal.any(signals));
        if (!ready) {
          return errorResponse(
            504,
            `timed out waiting for change after ${formatDuration(timeoutMs)}`,
          );
        }
        return syncResponse(changeJson(change));
      },
    },
  ];
}
