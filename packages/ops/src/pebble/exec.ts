/**
 * @module One `POST /v1/exec` and its task websockets (pebble-api.md §6): connect control,
 * stdio and (when split) stderr; send stdin as binary frames then `{"command":"end"}`;
 * collect output until each stream's end frame; the exit code comes from the finished task.
 */
import WebSocket from 'ws';
import { PebbleProtocolError } from './errors.ts';
import type { ExecStart } from './exec-request.ts';
import type { ExecOptions } from './types.ts';

function websocketUrl(socketPath: string, taskId: string, id: string): string {
  return `ws+unix://${socketPath}:/v1/tasks/${taskId}/websocket/${id}`;
}

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      reject(new PebbleProtocolError(`websocket ${url} refused with HTTP ${res.statusCode}`));
    });
  });
}

/** Reads binary frames until `{"command":"end"}` or the socket closes. */
function collect(ws: WebSocket): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (): void => resolve(Buffer.concat(chunks));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        chunks.push(data);
        return;
      }
      try {
        if ((JSON.parse(data.toString('utf8')) as { command?: string }).command === 'end') finish();
      } catch {
        // Other text frames are informational; ops ignores them too.
      }
    });
    ws.on('close', finish);
    ws.on('error', finish);
  });
}

export interface ExecStreams {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/** Attaches to a started exec task, feeds stdin and returns its output once both streams end. */
export async function runExecStreams(
  socketPath: string,
  start: ExecStart,
  options: ExecOptions,
): Promise<ExecStreams> {
  const control = await connect(websocketUrl(socketPath, start.taskId, 'control'));
  const stdio = await connect(websocketUrl(socketPath, start.taskId, 'stdio'));
  const stderrSocket = options.combineStderr
    ? undefined
    : await connect(websocketUrl(socketPath, start.taskId, 'stderr'));
  const onAbort = (): void => {
    control.send(JSON.stringify({ command: 'signal', signal: { name: 'SIGKILL' } }));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const stdoutDone = collect(stdio);
    const stderrDone = stderrSocket ? collect(stderrSocket) : Promise.resolve(Buffer.alloc(0));
    if (options.stdin !== undefined && options.stdin.length > 0) {
      stdio.send(Buffer.from(options.stdin), { binary: true });
    }
    stdio.send(JSON.stringify({ command: 'end' }));
    const [stdout, stderr] = await Promise.all([stdoutDone, stderrDone]);
    return { stdout, stderr };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    for (const ws of [control, stdio, stderrSocket]) ws?.terminate();
  }
}
