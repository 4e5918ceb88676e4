/**
 * @module The push request body of Pebble's files API (pebble-api.md §5.3), laid out as ops
 * sends it: a `request` JSON part, then one `files` part per file, boundary quoted.
 */
import { randomBytes } from 'node:crypto';

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
