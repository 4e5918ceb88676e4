/**
 * @module User and group lookup from /etc/passwd and /etc/group, and Pebble's
 * `NormalizeUidGid` rules (pebble-api.md §5.4).
 */
import { readFileSync } from 'node:fs';

export interface UserEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

function readTable(path: string): string[][] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(':'));
  } catch {
    // No passwd/group file (minimal containers): lookups simply find nothing.
    return [];
  }
}

function users(): UserEntry[] {
  return readTable('/etc/passwd').map((f) => ({
    name: f[0] ?? '',
    uid: Number(f[2]),
    gid: Number(f[3]),
    home: f[5] ?? '',
  }));
}

export function lookupUser(name: string): UserEntry | undefined {
  return users().find((u) => u.name === name);
}

export function lookupUserId(uid: number): UserEntry | undefined {
  return users().find((u) => u.uid === uid);
}

export function lookupGroup(name: string): number | undefined {
  const row = readTable('/etc/group').find((f) => f[0] === name);
  return row ? Number(row[2]) : undefined;
}

export function groupName(gid: number): string | undefined {
  return readTable('/etc/group').find((f) => Number(f[2]) === gid)?.[0];
}

/** Requested ownership, as in layers, exec and files requests. */
export interface Ownership {
  readonly userId?: number | undefined;
  readonly user?: string | undefined;
  readonly groupId?: number | undefined;
  readonly group?: string | undefined;
}

/** Resolves user/group names and ids; `undefined` fields mean "no change". Throws on mismatch. */
export function normalizeUidGid(o: Ownership): { uid?: number; gid?: number } {
  if (o.userId === undefined && !o.user && o.groupId === undefined && !o.group) return {};
  let uid = o.userId;
  if (o.user) {
    const u = lookupUser(o.user);
    if (!u) throw new Error(`user: unknown user ${o.user}`);
    if (uid !== undefined && uid !== u.uid) {
      throw new Error(
        `user ${JSON.stringify(o.user)} UID (${u.uid}) does not match user-id (${uid})`,
      );
    }
    uid = u.uid;
  }
  let gid = o.groupId;
  if (o.group) {
    const g = lookupGroup(o.group);
    if (g === undefined) throw new Error(`group: unknown group ${o.group}`);
    if (gid !== undefined && gid !== g) {
      throw new Error(
        `group ${JSON.stringify(o.group)} GID (${g}) does not match group-id (${gid})`,
      );
    }
    gid = g;
  }
  if (uid === undefined) throw new Error('must specify user, not just group');
  if (gid === undefined) {
    const u = lookupUserId(uid);
    if (!u) throw new Error(`cannot look up user ID ${uid}: user: unknown userid ${uid}`);
    gid = u.gid;
  }
  return { uid, gid };
}
