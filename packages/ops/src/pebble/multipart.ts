/**
 * @module The two multipart bodies of Pebble's files API (pebble-api.md §5.2–5.3): the push
 * request ops sends and the pull response Pebble returns. Parsing uses busboy.
 */
import { randomBytes } from 'node:crypto';
import busboy from 'busboy';
import { PebbleProtocolError } from './errors.ts';

export interface PushBody {
  readonly contentType: string;
  readonly body: Buffer;
}

/** `request` JSON part, then one `files` part per file, boundary quoted as ops does. */
export function encodePush(request: unknown, files: ReadonlyMap<string, Uint8Array>): PushBody {
  const boundary = randomBytes(16).toString('hex');
  const parts: Buffer[] = [];
  const part = (headers: string, content: Uint8Array | string): void => {
    parts.push(
      Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`),
      Buffer.from(content),
      Buffer.from('\r\n'),
    );
  };
  part(
    'Content-Type: application/json\r\nContent-Disposition: form-data; name="request"',
    JSON.stringify(request),
  );
  for (const [path, content] of files) {
    const filename = path.replaceAll('"', '\\"');
    part(
      `Content-Type: application/octet-stream\r\nContent-Disposition: form-data; name="files"; filename="${filename}"`,
      content,
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    contentType: `multipart/form-data; boundary="${boundary}"`,
    body: Buffer.concat(parts),
  };
}

export interface PullParts {
  /** File contents by the path Pebble names in each part's filename. */
  readonly files: Map<string, Buffer>;
  /** The JSON envelope of the `response` part. */
  readonly response: Record<string, unknown>;
}

/** Splits a pull response into its `files` parts and its `response` envelope. */
export function decodePull(contentType: string, body: Buffer): Promise<PullParts> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, Buffer>();
    let responseText: string | undefined;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        preservePath: true,
        limits: { fieldSize: 64 * 1024 * 1024 },
      });
    } catch (error) {
      reject(new PebbleProtocolError(`cannot parse pull response: ${(error as Error).message}`));
      return;
    }
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (name === 'files') files.set(info.filename ?? '', Buffer.concat(chunks));
        else if (name === 'response') responseText = Buffer.concat(chunks).toString('utf8');
      });
    });
    parser.on('field', (name, value) => {
      if (name === 'response') responseText = value;
    });
    parser.on('error', (error: Error) =>
      reject(new PebbleProtocolError(`cannot parse pull response: ${error.message}`)),
    );
    parser.on('close', () => {
      if (responseText === undefined) {
        reject(new PebbleProtocolError('pull response has no "response" part'));
        return;
      }
      try {
        resolve({ files, response: JSON.parse(responseText) as Record<string, unknown> });
      } catch {
        reject(new PebbleProtocolError('pull response part "response" is not JSON'));
      }
    });
    parser.end(body);
  });
}
