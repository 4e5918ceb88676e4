/**
 * @module The workload host: a process of its own, started by the controller and detached
 * from it, that serves every unit container's Pebble (one `PebbleHost`). It outlives a
 * controller crash, so workloads keep running and a restarted controller finds its
 * containers where it left them (issue #4 item 10).
 *
 * It listens on a control socket (mode 0600) for JSON lines `{id, op, …}` and answers
 * `{id, ok: true, result}` or `{id, ok: false, error}`: `add` (key, stateDir, socketPath,
 * hold), `remove` (key), `names`, `shutdown` (stops every container, then exits). SIGTERM
 * also shuts it down.
 */
import { chmodSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { PebbleHost } from '@charmkit/pebble';

export type WorkloadCommand =
  | { readonly op: 'add'; readonly key: string; readonly options: AddOptions }
  | { readonly op: 'remove'; readonly key: string }
  | { readonly op: 'names' }
  | { readonly op: 'shutdown' };

export type WorkloadRequest = WorkloadCommand & { readonly id: number };

export interface AddOptions {
  readonly stateDir: string;
  readonly socketPath: string;
  readonly hold: boolean;
}

export type WorkloadReply =
  | { readonly id: number; readonly ok: true; readonly result?: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

const host = new PebbleHost();

async function handle(request: WorkloadRequest): Promise<unknown> {
  switch (request.op) {
    case 'add':
      await host.add(request.key, request.options);
      return undefined;
    case 'remove':
      await host.remove(request.key);
      return undefined;
    case 'names':
      return host.names;
    case 'shutdown':
      await shutdown();
      return undefined;
  }
}

function serve(socket: Socket): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const request = JSON.parse(line) as WorkloadRequest;
      handle(request).then(
        (result) => reply(socket, { id: request.id, ok: true, result }),
        (error: unknown) =>
          reply(socket, { id: request.id, ok: false, error: (error as Error).message }),
      );
    }
  });
  socket.on('error', () => socket.destroy());
}

function reply(socket: Socket, message: WorkloadReply): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}

const controlSocket = process.argv[2] ?? '';
const server = createServer(serve);

async function shutdown(): Promise<void> {
  server.close();
  await host.stopAll();
  rmSync(controlSocket, { force: true });
  setImmediate(() => process.exit(0));
}

rmSync(controlSocket, { force: true });
server.listen(controlSocket, () => {
  chmodSync(controlSocket, 0o600);
  process.stdout.write(`workload host listening on ${controlSocket}\n`);
});
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
