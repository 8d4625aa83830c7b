// A panel process killed while a request's upload was on disk never deletes that file. The next
// panel start deletes such leftovers from the private upload folder, but not a file another panel
// on the same DATA_DIR may be receiving right now (younger than an hour).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startTestPortal, type TestPortal } from './support/portal.ts';
import { buildPanel } from '../admin/panel.ts';

describe('uploads left by a crashed process', () => {
  let portal: TestPortal;
  before(async () => { portal = await startTestPortal({}, { demo: false }); });
  after(() => portal.close());

  it('are deleted at panel start once older than an hour; a recent one stays', async () => {
    const uploads = path.join(portal.dataDir, 'uploads');
    await fs.mkdir(uploads, { recursive: true, mode: 0o700 });
    const stale = path.join(uploads, 'upload_0123456789abcdef0123456789abcdef');
    const recent = path.join(uploads, 'upload_fedcba9876543210fedcba9876543210');
    await fs.writeFile(stale, 'half of a logo from a process that was killed');
    await fs.writeFile(recent, 'an upload another panel is receiving now');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await fs.utimes(stale, twoHoursAgo, twoHoursAgo);

    const panel = await buildPanel(portal.config, portal.sequelize, portal.db.url);
    try {
      assert.deepEqual(await fs.readdir(uploads), [path.basename(recent)]);
      assert.equal((await fs.stat(uploads)).mode & 0o777, 0o700, 'the folder stays private');
    } finally {
      await panel.close();
    }
  });
});
