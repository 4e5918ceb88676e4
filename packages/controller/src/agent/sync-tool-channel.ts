/**
 * @module Synchronous hook-tool calls from inside a long-lived charm runner: the SDK's
 * Backend is synchronous, so the runner's main thread hands each call to a worker thread,
 * which speaks the hook-tool protocol to the agent over loopback TCP (the frame of
 * tool-client.ts), and sleeps on `Atomics.wait` until the answer is posted back. One call
 * costs a loopback round trip instead of a process start.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { ToolExecution } from '@charmkit/ops';

/** The worker: one TCP exchange per request, then wake the main thread. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { connect } = require('node:net');
const { port, signal } = workerData;
port.on('message', ({ agentPort, frame }) => {
  const chunks = [];
  let settled = false;
  const reply = (message) => {
    if (settled) return;
    settled = true;
    port.postMessage(message);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const socket = connect(agentPort, '127.0.0.1');
  socket.on('data', (chunk) => chunks.push(chunk));
  socket.on('end', () => reply({ data: Buffer.concat(chunks) }));
  socket.on('error', (error) => reply({ error: error.message }));
  socket.end(Buffer.from(frame));
});
`;

/** The request frame of tool-client.ts: NUL-separated fields, then stdin. */
function frame(token: string, tool: string, args: readonly string[], input: string): Buffer {
  const stdin = Buffer.from(input, 'utf8');
  const head = [token, tool, String(args.length), ...args, String(stdin.length)]
    .map((field) => `${field}\0`)
    .join('');
  return Buffer.concat([Buffer.from(head, 'utf8'), stdin]);
}

/** The reply: exit code NUL stderr NUL, then stdout to the end. */
function parseReply(data: Uint8Array): ToolExecution {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const first = buffer.indexOf(0);
  const second = buffer.indexOf(0, first + 1);
  if (first < 0 || second < 0)
    return { status: 1, stdout: '', stderr: 'ERROR malformed answer from the unit agent\n' };
  return {
    status: Number(buffer.subarray(0, first).toString('utf8')),
    stderr: buffer.subarray(first + 1, second).toString('utf8'),
    stdout: buffer.subarray(second + 1).toString('utf8'),
  };
}

export class SyncToolChannel {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #signal = new Int32Array(new SharedArrayBuffer(4));

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, signal: this.#signal },
      transferList: [port2],
    });
    this.#worker.unref();
  }

  /** Runs `tool args…` as the hook holding `token`; blocks until the agent answers. */
  call(
    agent: { port: number; token: string },
    tool: string,
    args: readonly string[],
    input = '',
  ): ToolExecution {
    Atomics.store(this.#signal, 0, 0);
    this.#port.postMessage({ agentPort: agent.port, frame: frame(agent.token, tool, args, input) });
    Atomics.wait(this.#signal, 0, 0);
    const answer = receiveMessageOnPort(this.#port)?.message as
      { data?: Uint8Array; error?: string } | undefined;
    if (!answer?.data)
      return {
        status: 1,
        stdout: '',
        stderr: `ERROR cannot reach the unit agent: ${answer?.error ?? 'no answer'}\n`,
      };
    return parseReply(answer.data);
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
