/**
 * @module Services API (pebble-api.md §1.2, §3.4, §3.7, §3.8): list, actions as async
 * changes, signals, and the ndjson logs stream.
 */
import type { ServerResponse } from 'node:http';
import type { DaemonContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { LogEntry } from '../services/log-buffer.ts';
import { multiList } from '../util/query.ts';
import { formatTime } from '../util/timestamp.ts';
import { optString, optStringList, readJson } from './body.ts';
import { asyncResponse, errorResponse, syncResponse } from './envelope.ts';
import type { ApiResponse } from './envelope.ts';
import type { Route, RequestContext } from './route.ts';

function writeEntry(res: ServerResponse, e: LogEntry): void {
  res.write(
    `${JSON.stringify({ time: formatTime(e.time), service: e.service, message: e.message })}\n`,
  );
}

async function logs(d: DaemonContext, ctx: RequestContext): Promise<ApiResponse> {
  const params = ctx.url.searchParams;
  const nText = params.get('n');
  const n = nText === null || nText === '' ? 30 : Number(nText);
  if (!Number.isInteger(n) || n < -1)
    return errorResponse(400, `n must be -1, 0, or a positive integer`);
  const followText = params.get('follow') ?? '';
  if (!['', 'true', 'false'].includes(followText)) {
    return errorResponse(400, `follow parameter must be "true" or "false"`);
  }
  const services = multiList(params, 'services');
  const { res } = ctx;
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  for (const e of d.services.logs.tail(services, n)) writeEntry(res, e);
  if (followText !== 'true') {
    res.end();
    return { type: 'raw' };
  }
  const unsubscribe = d.services.logs.subscribe((e) => {
    if (services.length === 0 || services.includes(e.service)) writeEntry(res, e);
  });
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  unsubscribe();
  res.end();
  return { type: 'raw' };
}

export function serviceRoutes(d: DaemonContext): Route[] {
  const notImplemented = (): ApiResponse => errorResponse(400, 'not implemented');
  return [
    {
      path: '/v1/services',
      access: { GET: 'user', POST: 'admin' },
      GET: ({ url }) => syncResponse(d.services.list(multiList(url.searchParams, 'names'))),
      POST: async ({ req }) => {
        const body = await readJson(req, 'data from request body');
        const change = d.services.act(
          optString(body, 'action') ?? '',
          optStringList(body, 'services'),
        );
        return asyncResponse(change.id);
      },
    },
    {
      path: '/v1/services/{name}',
      access: { GET: 'user', POST: 'admin' },
      GET: notImplemented,
      POST: notImplemented,
    },
    {
      path: '/v1/signals',
      access: { POST: 'admin' },
      POST: async ({ req }) => {
        const body = await readJson(req);
        const services = optStringList(body, 'services');
        if (services.length === 0) throw new ApiError(400, 'must specify one or more services');
        d.services.signal(optString(body, 'signal') ?? '', services);
        return syncResponse(true);
      },
    },
    { path: '/v1/logs', access: { GET: 'user' }, GET: (ctx) => logs(d, ctx) },
  ];
}
