export const ROLES = ['admin', 'member', 'guest'] as const;
export type Role = typeof ROLES[number];

const RANK: Record<Role, number> = { guest: 0, member: 1, admin: 2 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

/** Delegation never escalates: whoever hands out a role must hold at least that role. */
export function mayGrantRole(granter: Role, granted: Role): boolean {
  return RANK[granter] >= RANK[granted];
}
