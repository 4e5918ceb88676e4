/**
 * @module Request-body helpers: read a (possibly chunked) body and decode JSON with
 * Pebble's `cannot decode request body` error.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../errors.ts';

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Reads and parses a JSON object body; throws 400 on malformed input. `what` is the
 * endpoint's wording (Pebble says "request body" or "data from request body").
 */
export async function readJson(
  req: IncomingMessage,
  what = 'request body',
): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `cannot decode ${what}: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, `cannot decode ${what}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Renders a JSON scalar as a string (objects and null become ''). */
export function scalarString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** Reads an optional string field (JSON null allowed). */
export function optString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new ApiError(400, `cannot decode request body: "${key}" must be a string`);
  return value;
}

/** Reads an optional string-list field (JSON null allowed). */
export function optStringList(body: Record<string, unknown>, key: string): string[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ApiError(400, `cannot decode request body: "${key}" must be a list of strings`);
  }
  return value as string[];
}
