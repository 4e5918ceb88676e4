/**
 * @module Files API route (`/v1/files`, pebble-api.md §5): dispatches read/list (GET) and
 * write/make-dirs/remove (POST) to one module each.
 */
import { readJson } from '../api/body.ts';
import type { ApiResponse } from '../api/envelope.ts';
import { errorResponse, syncResponse } from '../api/envelope.ts';
import type { RequestContext, Route } from '../api/route.ts';
import { FileError } from './file-error.ts';
import { listFiles } from './list.ts';
import type { ItemResult } from './make-dirs.ts';
import { makeDirs, removePaths } from './make-dirs.ts';
import { pullFiles } from './pull.ts';
import { pushFiles } from './push.ts';

function render(results: ItemResult[]): ApiResponse {
  return syncResponse(
    results.map((r) => (r.error ? { path: r.path, error: r.error.toJSON() } : { path: r.path })),
  );
}

async function get({ url, req, res }: RequestContext): Promise<ApiResponse> {
  const params = url.searchParams;
  const action = params.get('action') ?? '';
  if (action === 'read') {
    if (req.headers.accept !== 'multipart/form-data') {
      return errorResponse(400, 'must accept multipart/form-data');
    }
    const paths = params.getAll('path');
    if (paths.length === 0) return errorResponse(400, 'must specify one or more paths');
    await pullFiles(res, paths);
    return { type: 'raw' };
  }
  if (action === 'list') {
    try {
      const path = params.get('path') ?? '';
      return syncResponse(
        await listFiles(path, params.get('pattern') ?? '', params.get('itself') ?? ''),
      );
    } catch (err) {
      if (err instanceof FileError) return errorResponse(err.status, err.message, err.kind);
      throw err;
    }
  }
  return errorResponse(400, `invalid action ${JSON.stringify(action)}`);
}

async function post({ req }: RequestContext): Promise<ApiResponse> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'multipart/form-data') return render(await pushFiles(req));
  if (type !== 'application/json')
    return errorResponse(400, `invalid media type ${JSON.stringify(type)}`);
  const body = await readJson(req);
  switch (body['action']) {
    case 'make-dirs':
      return render(await makeDirs(body['dirs']));
    case 'remove':
      return render(await removePaths(body['paths']));
    case 'write':
      return errorResponse(400, 'must use multipart with "write" action');
    default:
      return errorResponse(400, `invalid action ${JSON.stringify(body['action'] ?? '')}`);
  }
}

export const filesRoute: Route = {
  path: '/v1/files',
  access: { GET: 'admin', POST: 'admin' },
  GET: get,
  POST: post,
};
