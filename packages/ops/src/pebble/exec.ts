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

interface Stream {
  readonly ws: WebSocket;
  /** Everything received in binary frames until `{"command":"end"}` or close. */
  readonly output: Promise<Buffer>;
}

/**
 * Opens a task websocket and starts collecting at once: Pebble may write output the moment
 * the last socket is connected, before the caller gets to attach a listener.
 */
function connect(url: string): Promise<Stream> {
  const ws = new WebSocket(url);
  const output = collect(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, output }));
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
  const stderr = options.combineStderr
    ? undefined
    : await connect(websocketUrl(socketPath, start.taskId, 'stderr'));
  const onAbort = (): void => {
    control.ws.send(JSON.stringify({ command: 'signal', signal: { name: 'SIGKILL' } }));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (options.stdin !== undefined && options.stdin.length > 0) {
      stdio.ws.send(Buffer.from(options.stdin), { binary: true });
    }
    stdio.ws.send(JSON.stringify({ command: 'end' }));
    const [out, err] = await Promise.all([stdio.output, stderr?.output ?? Buffer.alloc(0)]);
    return { stdout: out, stderr: err };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    for (const stream of [control, stdio, stderr]) stream?.ws.terminate();
  }
}
