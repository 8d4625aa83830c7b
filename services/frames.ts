/**
 * The frame an organization holds for a product group, read from the database (the rules are in
 * models/domain/frame.ts): the group, every grant of it, and the chain from the organization's
 * grant up to the vendor's. Refusals of the frame answer 422 with the whole sentence per field.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import { effectiveFrame, grantChain, groupFrame, type Frame, type FrameLabel, type FrameProblem, type GrantLink, type Narrowing } from '../models/domain/frame.ts';
import { Organization, ProductGroup, ProductGroupGrant } from '../models/index.ts';
import { Refusal } from './refusal.ts';
import { msg } from '../templates/messages.ts';

export interface HeldFrame {
  frame: Frame;
  label: FrameLabel;
}

export const groupValues = (group: ProductGroup): Frame => groupFrame({
  demoDays: group.demoDays, minSeats: group.minSeats, maxSeats: group.maxSeats, termMonths: group.termMonths, articleKinds: group.articleKinds,
});

export const narrowingOf = (row: Record<string, unknown>): Narrowing => ({
  demoDays: (row.demoDays as number[] | null | undefined) ?? null,
  minSeats: (row.minSeats as number | null | undefined) ?? null,
  maxSeats: (row.maxSeats as number | null | undefined) ?? null,
  termMonths: (row.termMonths as number[] | null | undefined) ?? null,
  articleKinds: (row.articleKinds as string[] | null | undefined) ?? null,
});

/**
 * What `organizationId` holds of the group: its effective frame and the label naming it; null
 * (`organizationId` null: the vendor, which holds the whole group) when it holds no grant, or a
 * granter up its chain no longer holds the group.
 */
export async function heldFrame(organizationId: number | null, productGroupId: number, transaction?: Transaction): Promise<HeldFrame | null> {
  const group = await ProductGroup.findByPk(productGroupId, { transaction });
  if (!group) return null;
  if (organizationId === null) return { frame: groupValues(group), label: { group: group.name, holder: null } };
  const holder = await Organization.findByPk(organizationId, { attributes: ['id', 'name'], transaction });
  if (!holder) return null;
  const grants = await ProductGroupGrant.findAll({ where: { productGroupId }, transaction });
  const chain = grantChain(grants.map((grant): GrantLink => ({ ...narrowingOf(grant.toJSON()), organizationId: grant.organizationId, grantedById: grant.grantedById })), organizationId);
  return chain ? { frame: effectiveFrame(groupValues(group), chain), label: { group: group.name, holder: holder.name } } : null;
}

/**
 * The frame that applies at `organizationId` though it may hold no grant itself (a customer holding
 * a ticket passed down to it): the nearest organization at or above it that holds the group —
 * the vendor holding the whole of it.
 */
export async function frameAbove(organizationId: number, productGroupId: number, transaction?: Transaction): Promise<HeldFrame | null> {
  const up = await ProductGroup.sequelize!.query<{ id: number; vendor: boolean }>(`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from organizations where id = :organizationId
      union all
      select o.id, o.parent_id, up.depth + 1 from organizations o join up on o.id = up.parent_id where up.depth < 20
    ) select up.id, 'vendor' = any(o.views) as vendor from up join organizations o on o.id = up.id order by up.depth`,
  { replacements: { organizationId }, type: QueryTypes.SELECT, transaction });
  for (const { id, vendor } of up) {
    const held = await heldFrame(vendor ? null : id, productGroupId, transaction);
    if (held) return held;
  }
  return null;
}

/** The refusal of a request outside the frame: 422, each field with its sentence, nothing written. */
export function frameRefusal(problems: FrameProblem[]): Refusal {
  return new Refusal(422, msg('sentence', { parts: problems.map((problem) => problem.message) }),
    Object.fromEntries(problems.map((problem) => [problem.field, msg('sentence', { parts: [problem.message] })])));
}
