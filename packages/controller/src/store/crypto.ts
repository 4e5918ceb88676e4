/**
 * @module Secret content at rest: AES-256-GCM under a controller key kept in the state
 * directory (mode 0600). Content never reaches logs; only ciphertext reaches the database.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export class SecretCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the controller key must be 32 bytes');
    this.#key = key;
  }

  /** Loads the key at `path`, creating it on first use. */
  static fromKeyFile(path: string): SecretCipher {
    if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600, flag: 'wx' });
    return new SecretCipher(readFileSync(path));
  }

  encrypt(content: Readonly<Record<string, string>>): Uint8Array {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(blob: Uint8Array): Record<string, string> {
    const data = Buffer.from(blob);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(12, 28));
    const text = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString(
      'utf8',
    );
    return JSON.parse(text) as Record<string, string>;
  }
}
