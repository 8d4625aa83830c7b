import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { english } from './support/english.ts';
import {
  drawTicketCode, isTicketCode, normalizeTicketCode, ticketCodeProblem, TICKET_CODE_ALPHABET,
} from '../models/domain/ticket-code.ts';

describe('ticket codes', () => {
  it('the alphabet has no look-alikes and no vowels', () => {
    assert.equal(TICKET_CODE_ALPHABET.length, 24);
    assert.equal(new Set(TICKET_CODE_ALPHABET).size, 24);
    for (const c of '0O1IL5SZUAEN') assert.ok(!TICKET_CODE_ALPHABET.includes(c), c);
  });

  it('draws 25 characters in five groups from the draw it is given', () => {
    const first = () => 0;
    assert.equal(drawTicketCode(first), 'BBBBB-BBBBB-BBBBB-BBBBB-BBBBB');
    let i = 0;
    const counting = (max: number) => { assert.equal(max, 24); return i++ % max; };
    assert.equal(drawTicketCode(counting), 'BCDFG-HJKMP-QRTVW-XY234-6789B');
  });

  it('draws from the CSPRNG by default: well-formed and different', () => {
    const codes = Array.from({ length: 1000 }, () => drawTicketCode());
    assert.ok(codes.every(isTicketCode), codes.find((c) => !isTicketCode(c)));
    assert.equal(new Set(codes).size, 1000);
    // Every character of the alphabet turns up (25,000 draws from 24).
    assert.equal(new Set(codes.join('').replace(/-/g, '')).size, 24);
  });

  it('recognizes only the canonical form as stored', () => {
    assert.ok(isTicketCode('BCDFG-HJKMP-QRTVW-XY234-6789B'));
    for (const bad of ['bcdfg-hjkmp-qrtvw-xy234-6789b', 'BCDFGHJKMPQRTVWXY2346789B', 'BCDFG-HJKMP-QRTVW-XY234-6789', 'BCDFG-HJKMP-QRTVW-XY234-6789BB',
      'OCDFG-HJKMP-QRTVW-XY234-6789B', 'BCDFG-HJKMP-QRTVW-XY234-6789B ', 'TCK-A1-1', 42, null]) {
      assert.equal(isTicketCode(bad), false, String(bad));
    }
  });

  it('reads what a person types: lower case, spaces, dashes or none', () => {
    const canonical = 'BCDFG-HJKMP-QRTVW-XY234-6789B';
    for (const typed of [canonical, 'bcdfg-hjkmp-qrtvw-xy234-6789b', 'BCDFGHJKMPQRTVWXY2346789B', ' bcdfg hjkmp qrtvw xy234 6789b ', 'BCD-FGH-JKM-PQR-TVW-XY2-346-789-B']) {
      assert.equal(normalizeTicketCode(typed), canonical, typed);
    }
    assert.equal(normalizeTicketCode('BCDFG-HJKMP-QRTVW-XY234-6789O'), null);
    assert.equal(normalizeTicketCode('BCDFG-HJKMP-QRTVW-XY234'), null);
    assert.equal(normalizeTicketCode(undefined), null);
    assert.equal(normalizeTicketCode('B'.repeat(101)), null);
  });

  it('says why a text is no ticket code', () => {
    assert.equal(ticketCodeProblem('bcdfg-hjkmp-qrtvw-xy234-6789b'), null);
    assert.equal(english(ticketCodeProblem('BCDFG-HJKMP-QRTVW-XY234-6789O')), `holds "O", which no ticket code contains (they use ${TICKET_CODE_ALPHABET})`);
    assert.equal(english(ticketCodeProblem('BCDFG-HJKMP')), 'has 10 characters; a ticket code has 25 (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)');
    assert.equal(english(ticketCodeProblem(7)), 'must be a ticket code XXXXX-XXXXX-XXXXX-XXXXX-XXXXX');
  });
});
