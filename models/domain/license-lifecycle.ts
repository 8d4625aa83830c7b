import type { LicenseOperation } from './policy.ts';

export interface LicenseState {
  status: 'inactive' | 'active' | 'recalled' | 'expired' | 'destroyed';
  device: string | null;
  expiresOn: string | null;
}

export type Transition = { ok: true; next: LicenseState } | { ok: false; error: string };

const fail = (error: string): Transition => ({ ok: false, error });

/**
 * What activating, transferring, restoring and destroying a license key does to it. `today` is a
 * calendar date (YYYY-MM-DD); a demo past its last day cannot be bound to a device any more.
 */
export function applyLicenseOperation(state: LicenseState, operation: LicenseOperation, input: { device?: string | null; today: string }): Transition {
  const device = input.device?.trim() || null;
  if (state.status === 'destroyed') return fail('This license key was destroyed.');
  if (state.status === 'recalled') return fail('This license is on recall and will be removed.');
  const expired = state.status === 'expired' || (state.expiresOn !== null && state.expiresOn < input.today);
  switch (operation) {
    case 'activate':
      if (expired) return fail('This license has expired.');
      if (state.status === 'active') return fail(`This license is already active on ${state.device}; transfer it instead.`);
      if (!device) return fail('Name the device to activate on.');
      return { ok: true, next: { ...state, status: 'active', device } };
    case 'transfer':
      if (expired) return fail('This license has expired.');
      if (state.status !== 'active') return fail('Only an active license can be transferred.');
      if (!device) return fail('Name the device to transfer to.');
      if (device === state.device) return fail('The license is already on this device.');
      return { ok: true, next: { ...state, device } };
    case 'restore':
      if (expired) return fail('This license has expired.');
      if (state.status !== 'active') return fail('Only an active license can be restored.');
      return { ok: true, next: { ...state, device: device ?? state.device } };
    case 'destroy':
      return { ok: true, next: { ...state, status: 'destroyed', device: null } };
  }
}
