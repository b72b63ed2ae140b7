import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CipherKeyError, parseKey, SealError, TokenCipher } from '../../src/secrets/token-cipher.js';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const TOKEN = 'xoxb-1111-2222-secretsecret';

describe('TokenCipher (AES-256-GCM)', () => {
  it('seals so that the token is not readable, and opens it again', () => {
    const cipher = new TokenCipher(keyA);
    const sealed = cipher.seal(TOKEN, 'slack:T1');
    expect(sealed).not.toContain('xoxb');
    expect(sealed.split('.')).toHaveLength(5);
    expect(cipher.open(sealed, 'slack:T1')).toBe(TOKEN);
  });

  it('uses a fresh IV each time', () => {
    const cipher = new TokenCipher(keyA);
    expect(cipher.seal(TOKEN, 'slack:T1')).not.toBe(cipher.seal(TOKEN, 'slack:T1'));
  });

  it("refuses a value bound to another row, a tampered one, another key's and garbage", () => {
    const cipher = new TokenCipher(keyA);
    const sealed = cipher.seal(TOKEN, 'slack:T1');
    expect(() => cipher.open(sealed, 'slack:T2')).toThrow(SealError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => cipher.open(parts.join('.'), 'slack:T1')).toThrow(SealError);
    expect(() => new TokenCipher(keyB).open(sealed, 'slack:T1')).toThrow(/not configured/);
    expect(() => cipher.open(TOKEN, 'slack:T1')).toThrow(SealError);
  });

  it('rotates: the new key seals, the old one still opens what it sealed', () => {
    const before = new TokenCipher(keyA).seal(TOKEN, 'slack:T1');
    const rotated = new TokenCipher(keyB, [keyA]);
    expect(rotated.open(before, 'slack:T1')).toBe(TOKEN);
    expect(rotated.needsResealing(before)).toBe(true);
    const after = rotated.seal(TOKEN, 'slack:T1');
    expect(rotated.needsResealing(after)).toBe(false);
    expect(() => new TokenCipher(keyA).open(after, 'slack:T1')).toThrow(SealError);
  });

  it('reads keys as base64 or hex and names the variable when one is wrong', () => {
    expect(parseKey(keyA.toString('base64')).equals(keyA)).toBe(true);
    expect(parseKey(keyA.toString('hex')).equals(keyA)).toBe(true);
    expect(() => parseKey('too-short')).toThrow(CipherKeyError);
    expect(() => TokenCipher.fromConfig(keyA.toString('base64'), 'nope')).toThrow(
      /SA_QUIZ_ENCRYPTION_OLD_KEYS/,
    );
    const cipher = TokenCipher.fromConfig(keyB.toString('base64'), ` ${keyA.toString('hex')} ,`);
    expect(cipher.open(new TokenCipher(keyA).seal(TOKEN, 'c'), 'c')).toBe(TOKEN);
  });
});
