/**
 * @module Notices API (pebble-api.md §7.2–§7.3): add custom notices, list with
 * types/keys/after filters and long-poll `timeout`, get by ID.
 */
import type { DaemonContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { NoticeFilter } from '../state/notices.ts';
import { NOTICE_TYPES, noticeJson } from '../state/notices.ts';
import { parseDuration } from '../util/duration.ts';
import { multiList } from '../util/query.ts';
import { parseTime } from '../util/timestamp.ts';
import { readJson, scalarString } from './body.ts';
import { errorResponse, syncResponse } from './envelope.ts';
import type { ApiResponse } from './envelope.ts';
import type { RequestContext, Route } from './route.ts';

const KEY_RE = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+(\/[a-z0-9]+(-[a-z0-9]+)*)+$/;

function parseFilter(d: DaemonContext, params: URLSearchParams): NoticeFilter | undefined {
  const requestedTypes = multiList(params, 'types');
  const types = requestedTypes.filter((t) => NOTICE_TYPES.includes(t));
  if (requestedTypes.length > 0 && types.length === 0) return undefined;
  const userIdText = params.get('user-id');
  const users = params.get('users');
  if (users !== null && users !== 'all') {
    throw new ApiError(400, `invalid "users" filter: must be "all"`);
  }
  if (users !== null && userIdText !== null) {
    throw new ApiError(400, `cannot use both "users" and "user-id" parameters`);
  }
  let userId: number | undefined = d.uid;
  if (userIdText !== null) {
    userId = Number(userIdText);
    if (!/^\d+$/.test(userIdText) || userId > 0xffffffff) {
      throw new ApiError(400, `invalid "user-id" filter: ${JSON.stringify(userIdText)}`);
    }
  }
  if (users === 'all') userId = undefined;
  const afterText = params.get('after');
  let after: bigint | undefined;
  if (afterText) {
    try {
      after = parseTime(afterText);
    } catch (err) {
      throw new ApiError(400, `invalid "after" timestamp: ${(err as Error).message}`);
    }
  }
  return {
    userId,
    types,
    keys: multiList(params, 'keys'),
    ...(after === undefined ? {} : { after }),
  };
}

async function listNotices(d: DaemonContext, ctx: RequestContext): Promise<ApiResponse> {
  const filter = parseFilter(d, ctx.url.searchParams);
  if (!filter) return syncResponse([]);
  const timeoutText = ctx.url.searchParams.get('timeout') ?? '';
  let timeoutMs = 0;
  if (timeoutText) {
    try {
      timeoutMs = parseDuration(timeoutText);
    } catch (err) {
      return errorResponse(400, `invalid timeout: ${(err as Error).message}`);
    }
  }
  let notices = d.state.notices.list(filter);
  if (notices.length === 0 && timeoutMs > 0) {
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
    while (notices.length === 0 && !signal.aborted) {
      await d.state.notices.waitForNext(signal);
      notices = d.state.notices.list(filter);
    }
  }
  return syncResponse(notices.map(noticeJson));
}

async function addNotice(d: DaemonContext, ctx: RequestContext): Promise<ApiResponse> {
  const body = await readJson(ctx.req);
  if (body['action'] !== 'add') {
    return errorResponse(400, `invalid action ${JSON.stringify(body['action'] ?? '')}`);
  }
  const type = scalarString(body['type']);
  if (type !== 'custom') {
    return errorResponse(
      400,
      `invalid type ${JSON.stringify(type)} (can only add "custom" notices)`,
    );
  }
  const key = scalarString(body['key']);
  if (!KEY_RE.test(key)) {
    return errorResponse(
      400,
      `invalid key ${JSON.stringify(key)} (must be in "example.com/path" format)`,
    );
  }
  if (Buffer.byteLength(key) > 256) return errorResponse(400, 'key must be 256 bytes or less');
  const data = body['data'] ?? undefined;
  if (data !== undefined && data !== null) {
    if (JSON.stringify(data).length > 4096)
      return errorResponse(400, 'total size of data must be 4096 bytes or less');
    if (
      typeof data !== 'object' ||
      Array.isArray(data) ||
      Object.values(data).some((v) => typeof v !== 'string')
    ) {
      return errorResponse(400, 'cannot decode notice data: expected an object of strings');
    }
  }
  let repeatAfterMs = 0;
  const repeat = body['repeat-after'];
  if (typeof repeat === 'string' && repeat !== '') {
    try {
      repeatAfterMs = parseDuration(repeat);
    } catch (err) {
      return errorResponse(400, `invalid repeat-after: ${(err as Error).message}`);
    }
  }
  const id = d.state.notices.add({
    userId: d.uid,
    type,
    key,
    ...(data ? { data: data as Record<string, string> } : {}),
    repeatAfterMs,
  });
  return syncResponse({ id });
}

export function noticeRoutes(d: DaemonContext): Route[] {
  return [
    {
      path: '/v1/notices',
      access: { GET: 'user', POST: 'user' },
      GET: (ctx) => listNotices(d, ctx),
      POST: (ctx) => addNotice(d, ctx),
    },
    {
      path: '/v1/notices/{id}',
      access: { GET: 'user' },
      GET: ({ params }) => {
        const id = params['id'] ?? '';
        const notice = d.state.notices.get(id);
        if (!notice) return errorResponse(404, `cannot find notice with ID ${JSON.stringify(id)}`);
        return syncResponse(noticeJson(notice));
      },
    },
  ];
}
