/**
 * @module The agent side of the hook tools: a loopback TCP server that reads a framed call
 * (see tool-client.ts), finds the running hook by its secret token and answers with the
 * handler's stdout, stderr and exit code. A token is valid only while its hook runs, so a
 * charm can act only as its own unit, only during its own hook.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export interface ToolInvocation {
  readonly tool: string;
  readonly argv: readonly string[];
  readonly stdin: string;
}

export interface ToolOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type ToolHandler = (call: ToolInvocation) => ToolOutcome | Promise<ToolOutcome>;

export class ToolServer {
  readonly #server: Server;
  readonly #sessions = new Map<string, ToolHandler>();
  #port = 0;

  constructor() {
    this.#server = createServer((socket) => this.#serve(socket));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.#port = typeof address === 'object' && address ? address.port : 0;
    return this.#port;
  }

  get port(): number {
    return this.#port;
  }

  /** Registers a hook's handler; returns the token to put in its environment. */
  open(handler: ToolHandler): string {
    const token = randomBytes(24).toString('hex');
    this.#sessions.set(token, handler);
    return token;
  }

  close(token: string): void {
    this.#sessions.delete(token);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #serve(socket: Socket): void {
    let buffer = Buffer.alloc(0);
    let done = false;
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      buffer = Buffer.concat([buffer, chunk]);
      const call = parseFrame(buffer);
      if (!call) return;
      done = true;
      void this.#answer(socket, call);
    });
    socket.on('error', () => socket.destroy());
  }

  async #answer(socket: Socket, frame: { token: string; call: ToolInvocation }): Promise<void> {
    const handler = this.#sessions.get(frame.token);
    let outcome: ToolOutcome;
    if (!handler) {
      outcome = {
        code: 1,
        stdout: '',
        stderr: `ERROR ${frame.call.tool}: no hook is running with this context\n`,
      };
    } else {
      try {
        outcome = await handler(frame.call);
      } catch (error) {
        outcome = { code: 1, stdout: '', stderr: `ERROR ${(error as Error).message}\n` };
      }
    }
    socket.end(
      Buffer.concat([
        Buffer.from(`${outcome.code}\0${outcome.stderr.replaceAll('\0', '')}\0`),
        Buffer.from(outcome.stdout),
      ]),
    );
  }
}

/** Parses a complete request frame, or returns undefined while more bytes are needed. */
export function parseFrame(buffer: Buffer): { token: string; call: ToolInvocation } | undefined {
  const fields: string[] = [];
  let offset = 0;
  const readField = (): string | undefined => {
    const end = buffer.indexOf(0, offset);
    if (end === -1) return undefined;
    const value = buffer.subarray(offset, end).toString('utf8');
    offset = end + 1;
    return value;
  };
  for (let i = 0; i < 3; i++) {
    const f = readField();
    if (f === undefined) return undefined;
    fields.push(f);
  }
  const [token = '', tool = '', argcText = '0'] = fields;
  const argv: string[] = [];
  for (let i = 0; i < Number(argcText); i++) {
    const f = readField();
    if (f === undefined) return undefined;
    argv.push(f);
  }
  const lengthText = readField();
  if (lengthText === undefined) return undefined;
  const length = Number(lengthText);
  if (buffer.length - offset < length) return undefined;
  const stdin = buffer.subarray(offset, offset + length).toString('utf8');
  return { token, call: { tool, argv, stdin } };
}
