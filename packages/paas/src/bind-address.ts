/**
 * @module Units of one application share a port, each on its own loopback address; an app
 * that calls `app.listen(process.env.PORT)` would bind every address and collide. The
 * service runs with `NODE_OPTIONS=--import <this preload>`, which makes `listen()` without a
 * host bind `CHARMKIT_BIND_ADDRESS`, the unit's address. Explicit hosts and unix sockets are
 * left alone. Written into the unit's charm directory, so the workload can read it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PRELOAD = `// Written by @charmkit/paas: listen() without a host binds the unit's own address.
import net from 'node:net';
const host = process.env.CHARMKIT_BIND_ADDRESS;
if (host) {
  const listen = net.Server.prototype.listen;
  const isPort = (v) => typeof v === 'number' || (typeof v === 'string' && /^\\d+$/.test(v));
  net.Server.prototype.listen = function (...args) {
    const [first, second] = args;
    if (isPort(first) && typeof second !== 'string') return listen.call(this, Number(first), host, ...args.slice(1));
    if (first && typeof first === 'object' && first.port !== undefined && first.host === undefined && first.path === undefined)
      return listen.call(this, { ...first, host }, ...args.slice(1));
    return listen.apply(this, args);
  };
}
`;

/** Writes the preload under `dir` (idempotent); returns its path. */
export function writeBindPreload(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'bind-address.mjs');
  writeFileSync(path, PRELOAD, { mode: 0o644 });
  return path;
}
