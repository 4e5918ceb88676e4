/**
 * @module `GET /v1/plan` and `POST /v1/layers` (pebble-api.md §2.3–§2.4).
 */
import type { DaemonContext } from '../context.ts';
import { renderPlan } from '../plan/render.ts';
import { readJson } from './body.ts';
import { errorResponse, syncResponse } from './envelope.ts';
import type { Route } from './route.ts';

export function planRoutes(d: DaemonContext): Route[] {
  return [
    {
      path: '/v1/plan',
      access: { GET: 'admin' },
      GET: ({ url }) => {
        const format = url.searchParams.get('format');
        if (format !== 'yaml') {
          return errorResponse(400, `invalid format ${JSON.stringify(format ?? '')}`);
        }
        return syncResponse(renderPlan(d.plans.plan));
      },
    },
    {
      path: '/v1/layers',
      access: { POST: 'admin' },
      POST: async ({ req }) => {
        const body = await readJson(req);
        if (body['action'] !== 'add') {
          return errorResponse(400, `invalid action ${JSON.stringify(body['action'] ?? '')}`);
        }
        if (body['format'] !== 'yaml') {
          return errorResponse(400, `invalid format ${JSON.stringify(body['format'] ?? '')}`);
        }
        const label = typeof body['label'] === 'string' ? body['label'] : '';
        if (label === '') return errorResponse(400, 'label must be set');
        d.plans.addLayer({
          label,
          yaml: typeof body['layer'] === 'string' ? body['layer'] : '',
          combine: body['combine'] === true,
          inner: body['inner'] === true,
        });
        return syncResponse(true);
      },
    },
  ];
}
