/**
 * The frame an organization holds for a product group, read from the database (the rules are in
 * models/domain/frame.ts): the group, every grant of it, and the chain from the organization's
 * grant up to the vendor's. Refusals of the frame answer 422 with the whole sentence per field.
 */
import type { Transaction } from 'sequelize';
import { effectiveFrame, grantChain, groupFrame, type Frame, type FrameLabel, type FrameProblem, type GrantLink, type Narrowing } from '../models/domain/frame.ts';
import { Organization, ProductGroup, ProductGroupGrant } from '../models/index.ts';
import { Refusal } from './refusal.ts';

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

/** The refusal of a request outside the frame: 422, each field with its sentence, nothing written. */
export function frameRefusal(problems: FrameProblem[]): Refusal {
  return new Refusal(422, `${problems.map((problem) => problem.message).join('; ')}.`, Object.fromEntries(problems.map((problem) => [problem.field, `${problem.message}.`])));
}
