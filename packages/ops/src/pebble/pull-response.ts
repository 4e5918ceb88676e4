/**
 * @module The pull response of Pebble's files API (pebble-api.md §5.2): `files` parts and a
 * `response` envelope, parsed with busboy. Loaded only when a charm pulls a file.
 */
import busboy from 'busboy';
import { PebbleProtocolError } from './errors.ts';

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
