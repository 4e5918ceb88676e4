/** @module Passwords the charm makes: 24 URL-safe characters from the system's CSPRNG. */
import { randomBytes } from 'node:crypto';

export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
