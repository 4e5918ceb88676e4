/**
 * @module `POST /v1/exec` (pebble-api.md §6.1): async response with `task-id`, environment
 * and working directory. The task websockets are served by the upgrade handler.
 */
import type { DaemonContext } from '../context.ts';
import { readJson } from './body.ts';
import { asyncResponse } from './envelope.ts';
import type { Route } from './route.ts';

export function execRoutes(d: DaemonContext): Route[] {
  return [
    {
      path: '/v1/exec',
      access: { POST: 'admin' },
      POST: async ({ req }) => {
        const { change, result } = d.exec.start(await readJson(req));
        return asyncResponse(change.id, result);
      },
    },
    {
      // Plain GETs (without an upgrade) reach here; real upgrades go to ExecManager.
      path: '/v1/tasks/{task-id}/websocket/{websocket-id}',
      access: { GET: 'admin' },
      GET: () => ({ type: 'error', status: 400, message: 'websocket upgrade required' }),
    },
  ];
}
