/** @module Identities API (pebble-api.md §8). */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- tests inspect raw wire JSON */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDaemon } from './helpers.ts';
import { startDaemon } from './helpers.ts';

describe('identities', () => {
  let t: TestDaemon;
  beforeEach(async () => {
    t = await startDaemon({ hold: true });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('starts empty, replaces, masks secrets, removes and persists', async () => {
    expect((await t.api('GET', '/v1/identities')).body.result).toEqual({});
    const res = await t.api('POST', '/v1/identities', {
      action: 'replace',
      identities: {
        alice: { access: 'admin', local: { 'user-id': 42 } },
        web: { access: 'metrics', basic: { password: '$6$hash' } },
      },
    });
    expect(res.body).toEqual({ type: 'sync', 'status-code': 200, status: 'OK' });
    const expected = {
      alice: { access: 'admin', local: { 'user-id': 42 } },
      web: { access: 'metrics', basic: { password: '*****' } },
    };
    expect((await t.api('GET', '/v1/identities')).body.result).toEqual(expected);
    await t.restart();
    expect((await t.api('GET', '/v1/identities')).body.result).toEqual(expected);
    await t.api('POST', '/v1/identities', { action: 'remove', identities: { web: null } });
    expect(Object.keys((await t.api('GET', '/v1/identities')).body.result)).toEqual(['alice']);
  });

  it.each([
    {
      name: 'add existing',
      action: 'add',
      identities: { a: { access: 'admin', local: { 'user-id': 1 } } },
      twice: true,
    },
    {
      name: 'bad access',
      action: 'replace',
      identities: { a: { access: 'root', local: { 'user-id': 1 } } },
    },
    { name: 'no type', action: 'replace', identities: { a: { access: 'read' } } },
    {
      name: 'bad name',
      action: 'replace',
      identities: { '1a': { access: 'read', local: { 'user-id': 1 } } },
    },
    { name: 'remove missing', action: 'remove', identities: { nope: null } },
    {
      name: 'duplicate user id',
      action: 'replace',
      identities: {
        a: { access: 'read', local: { 'user-id': 5 } },
        b: { access: 'read', local: { 'user-id': 5 } },
      },
    },
  ])('rejects $name with 400', async ({ action, identities, twice }) => {
    if (twice) await t.api('POST', '/v1/identities', { action, identities });
    const res = await t.api('POST', '/v1/identities', { action, identities });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('error');
  });
});
