import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { checkLogo } from '../models/domain/logo-image.ts';
import { startTestPanel, login, type TestPanel } from './support/portal.ts';
import zlib from 'node:zlib';
import { png, pngClaiming } from './support/png.ts';
import { Organization } from '../models/index.ts';
import { issueStatements } from '../services/statements/issue-period.ts';
import type { Message } from '../templates/messages.ts';
import { english } from './support/english.ts';

describe('white-label logo', () => {
  it('accepts PNG and JPEG of at least 150×150 up to 1 MB, read from the file itself', () => {
    assert.deepEqual(checkLogo(png(200, 150)), { ok: true, contentType: 'image/png', width: 200, height: 150 });
    assert.match(english((checkLogo(png(149, 300)) as { error: Message }).error), /149×300 pixels; it needs at least 150×150/);
    assert.match(english((checkLogo(Buffer.from('GIF89a....')) as { error: Message }).error), /PNG or JPEG/);
    assert.match(english((checkLogo(Buffer.alloc(1024 * 1024 + 1)) as { error: Message }).error), /at most 1 MB/);
    // A JPEG's frame header (SOF0) after an APP0 segment: 160 high, 320 wide.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0xa0, 0x01, 0x40, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9]);
    assert.deepEqual(checkLogo(jpeg), { ok: true, contentType: 'image/jpeg', width: 320, height: 160 });
  });

  it('refuses a PNG the statement PDF could not decode: corrupt or missing pixel data, a forged size, more than 2048×2048', () => {
    assert.deepEqual(checkLogo(png(300, 200, { alpha: true })), { ok: true, contentType: 'image/png', width: 300, height: 200 });
    const unreadable = (bytes: Buffer) => {
      const checked = checkLogo(bytes);
      return checked.ok ? 'accepted' : english(checked.error);
    };
    assert.match(unreadable(png(200, 200, { alpha: true, idat: Buffer.from('not zlib at all') })), /not a readable PNG: it holds image data that does not decode/);
    assert.match(unreadable(pngClaiming(2000, 2000, { alpha: true })), /not a readable PNG: it holds less or more image data than its size/);
    assert.match(unreadable(pngClaiming(60000, 60000, { alpha: true })), /60000×60000 pixels; it may have at most 2048×2048/);
    assert.match(unreadable(png(200, 200).subarray(0, 60)), /not a readable PNG/);
    const badFilter = png(200, 200, { idat: zlib.deflateSync(Buffer.concat(Array.from({ length: 200 }, () => Buffer.concat([Buffer.from([9]), Buffer.alloc(600)])))) });
    assert.match(unreadable(badFilter), /does not decode/);
  });

  describe('through the panel', () => {
    let portal: TestPanel;
    before(async () => { portal = await startTestPanel(); });
    after(() => portal.close());
    const url = (id: number) => `/admin/api/resources/organizations/records/${id}/uploadLogo`;
    const org = async (ref: string) => (await Organization.findOne({ where: { ref } }))!;

    it('a reseller admin sets its logo, and its statement PDF carries it', async () => {
      const reseller = await login(portal.panel.app, 'reseller-a@demo.test');
      const resellerA = await org('reseller-a');
      const logo = png(300, 150);
      const response = await reseller.post(url(resellerA.id)).attach('logo', logo, { filename: 'logo.png', contentType: 'image/png' });
      assert.equal(response.body.notice.type, 'success', JSON.stringify(response.body.notice));
      assert.ok((await org('reseller-a')).logo!.equals(logo));
      await issueStatements(portal, { period: '2026-10', trigger: 'cli' });
      const [statement] = await portal.sequelize.query<{ id: number }>(`select id from statements where reseller_id = ${resellerA.id}`, { type: QueryTypes.SELECT });
      const pdf = await reseller.get(`/admin/statements/${statement.id}/pdf`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      assert.match((pdf.body as Buffer).toString('latin1'), /\/Subtype \/Image/, 'the PDF embeds the logo image');
    });

    it('refuses a small image or another format in the user\'s language (German), and changes nothing', async () => {
      const reseller = await login(portal.panel.app, 'reseller-a@demo.test');
      const customer = await org('customer-a1');
      const small = await reseller.post(url(customer.id)).attach('logo', png(100, 100), { filename: 'small.png', contentType: 'image/png' });
      assert.equal(small.status, 422);
      assert.match(small.body.notice.message, /Das Logo hat 100×100 Pixel; es braucht mindestens 150×150/);
      const gif = await reseller.post(url(customer.id)).attach('logo', Buffer.from('GIF89a fake'), { filename: 'x.png', contentType: 'image/png' });
      assert.match(gif.body.notice.message, /PNG- oder JPEG-Bild/);
      assert.equal((await org('customer-a1')).logo, null);
    });

    it('a guest cannot set a logo; another reseller\'s organization does not exist for it', async () => {
      const guest = await login(portal.panel.app, 'customer-guest@demo.test');
      const customer = await org('customer-a1');
      await guest.post(url(customer.id)).attach('logo', png(200, 200), { filename: 'logo.png', contentType: 'image/png' });
      assert.equal((await org('customer-a1')).logo, null);
      const resellerB = await login(portal.panel.app, 'reseller-b@demo.test');
      const foreign = await resellerB.post(url(customer.id)).attach('logo', png(200, 200), { filename: 'logo.png', contentType: 'image/png' });
      assert.equal(foreign.status, 404);
      assert.equal((await org('customer-a1')).logo, null);
    });
  });
});
