import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, passwordProblem, verifyPassword } from '../models/passwords.ts';
import { english } from './support/english.ts';

describe('passwords', () => {
  it('takes 10 to 72 bytes: bcrypt ignores what comes after the 72nd byte', async () => {
    assert.equal(passwordProblem('x'.repeat(10)), null);
    assert.equal(passwordProblem('x'.repeat(72)), null);
    assert.match(english(passwordProblem('x'.repeat(9))), /at least 10/);
    assert.match(english(passwordProblem('x'.repeat(73))), /at most 72/);
    // 36 × ä is 72 bytes: one more character, and two passwords differing only there would be equal.
    assert.equal(passwordProblem('ä'.repeat(36)), null);
    assert.match(english(passwordProblem(`${'ä'.repeat(36)}x`)), /at most 72 characters \(fewer with accents/);
    assert.match(english(passwordProblem('abcdefghij\u0000k')), /control characters/);
    for (const value of [undefined, null, 12345678901, ['abcdefghijk'], { a: 'abcdefghijk' }]) assert.match(english(passwordProblem(value)), /at least 10/);
    const hash = await hashPassword('ä'.repeat(36));
    assert.equal(await verifyPassword('ä'.repeat(36), hash), true);
    assert.equal(await verifyPassword(`${'ä'.repeat(35)}a`, hash), false);
  });
});
