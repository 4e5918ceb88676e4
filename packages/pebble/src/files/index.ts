/** @module Files API (`/v1/files`, pebble-api.md §5). Placeholder until the files API lands. */
import { errorResponse } from '../api/envelope.ts';
import type { Route } from '../api/route.ts';

export const filesRoute: Route = {
  path: '/v1/files',
  access: { GET: 'admin', POST: 'admin' },
  GET: () => errorResponse(501, 'files API not available yet'),
  POST: () => errorResponse(501, 'files API not available yet'),
};
