/**
 * The demo data keeps the frames of issue 9 (Office Suite demo days 14, 30, 60 and seats 1–500 and
 * Security demo 30 and seats 1–100 for reseller A; Office Suite narrowed to 14, 30 and 1–50 for
 * reseller B, which has no Security grant), and the distributor holds at least what every reseller
 * below it holds: a distributor passes on at most what it holds.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPortal, type TestPortal } from './support/portal.ts';
import { Organization, ProductGroup } from '../models/index.ts';
import { heldFrame } from '../services/frames.ts';
import { grantProblems } from '../models/domain/frame.ts';

describe('demo data: the frames', () => {
  let portal: TestPortal;
  before(async () => { portal = await startTestPortal(); });
  after(() => portal.close());

  it('reseller A and B hold the frames the issue names', async () => {
    const org = async (ref: string) => (await Organization.findOne({ where: { ref } }))!.id;
    const group = async (name: string) => (await ProductGroup.findOne({ where: { name } }))!.id;
    const values = async (ref: string, name: string) => {
      const held = await heldFrame(await org(ref), await group(name));
      return held && { demoDays: held.frame.demoDays, minSeats: held.frame.minSeats, maxSeats: held.frame.maxSeats };
    };
    assert.deepEqual(await values('reseller-a', 'Office Suite'), { demoDays: [14, 30, 60], minSeats: 1, maxSeats: 500 });
    assert.deepEqual(await values('reseller-a', 'Security'), { demoDays: [30], minSeats: 1, maxSeats: 100 });
    assert.deepEqual(await values('reseller-b', 'Office Suite'), { demoDays: [14, 30], minSeats: 1, maxSeats: 50 });
    assert.equal(await values('reseller-b', 'Security'), null);
  });

  it('the distributor holds every group its resellers hold, each at least as wide', async () => {
    const distributor = (await Organization.findOne({ where: { ref: 'distributor' } }))!;
    const resellers = await Organization.findAll({ where: { parentId: distributor.id } });
    let checked = 0;
    for (const group of await ProductGroup.findAll()) {
      const above = await heldFrame(distributor.id, group.id);
      for (const reseller of resellers) {
        const held = await heldFrame(reseller.id, group.id);
        if (!held) continue;
        assert.ok(above, `the distributor holds ${group.name}, which ${reseller.name} holds`);
        assert.deepEqual(grantProblems(above.frame, held.frame, above.label), [], `${reseller.name}'s ${group.name} frame lies inside the distributor's`);
        checked++;
      }
    }
    assert.equal(checked, 3);
  });
});
