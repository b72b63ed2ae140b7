import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (Slack installation tokens, issue #14): AES-256-GCM with a 32-byte key from
 * `SA_QUIZ_ENCRYPTION_KEY` (base64 or hex). A sealed value is
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts): the key id (first 8 hex digits of the
 * key's SHA-256) says which key sealed it, so keys can be rotated: the new key seals, the old ones
 * (`SA_QUIZ_ENCRYPTION_OLD_KEYS`, comma-separated) still open what they sealed until it is
 * sealed again. `context` is bound as additional authenticated data (for example `slack:T123`),
 * so a sealed value copied to another row does not open. Nothing here logs a value.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

export class CipherKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CipherKeyError';
  }
}

/** A sealed value that does not open: wrong key, tampered, another row's, or not sealed at all. */
export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

/** A key as configured: 32 bytes written as base64 (44 characters) or hex (64). */
export function parseKey(text: string, name = 'SA_QUIZ_ENCRYPTION_KEY'): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (bytes.length !== KEY_BYTES)
    throw new CipherKeyError(
      `${name} must be 32 random bytes as base64 or hex (for example: openssl rand -base64 32)`,
    );
  return bytes;
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export class TokenCipher {
  private readonly current: { readonly id: string; readonly key: Buffer };
  private readonly keys: ReadonlyMap<string, Buffer>;

  /** @param key seals and opens; @param oldKeys only open (values sealed before a rotation). */
  constructor(key: Buffer, oldKeys: readonly Buffer[] = []) {
    if (key.length !== KEY_BYTES) throw new CipherKeyError('an encryption key must be 32 bytes');
    this.current = { id: keyId(key), key };
    const keys = new Map<string, Buffer>();
    for (const old of oldKeys) {
      if (old.length !== KEY_BYTES) throw new CipherKeyError('an encryption key must be 32 bytes');
      keys.set(keyId(old), old);
    }
    keys.set(this.current.id, key);
    this.keys = keys;
  }

  /** From the environment's texts; throws CipherKeyError naming the variable that is wrong. */
  static fromConfig(key: string, oldKeys = ''): TokenCipher {
    const olds = oldKeys
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '')
      .map((k) => parseKey(k, 'SA_QUIZ_ENCRYPTION_OLD_KEYS'));
    return new TokenCipher(parseKey(key), olds);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.current.id, iv, tag, body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    const [version, id, iv, tag, body] = parts;
    if (parts.length !== 5 || version !== VERSION || !id || !iv || !tag || body === undefined)
      throw new SealError('not a sealed value');
    const key = this.keys.get(id);
    if (!key)
      throw new SealError(`sealed with key ${id}, which is not configured (SA_QUIZ_ENCRYPTION_OLD_KEYS)`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SealError("the sealed value does not open (tampered, or another row's)");
    }
  }

  /** Whether this value was sealed with an old key and should be sealed again with the current one. */
  needsResealing(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}
