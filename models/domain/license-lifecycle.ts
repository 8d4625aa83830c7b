import type { LicenseOperation } from './policy.ts';
import { msg, type Message } from '../../templates/messages.ts';

export interface LicenseState {
  status: 'inactive' | 'active' | 'recalled' | 'expired' | 'destroyed';
  device: string | null;
  expiresOn: string | null;
}

export type Transition = { ok: true; next: LicenseState } | { ok: false; error: Message };

const fail = (error: Message): Transition => ({ ok: false, error });

/**
 * What activating, transferring, restoring and destroying a license key does to it. `today` is a
 * calendar date (YYYY-MM-DD); a demo past its last day cannot be bound to a device any more.
 */
export function applyLicenseOperation(state: LicenseState, operation: LicenseOperation, input: { device?: string | null; today: string }): Transition {
  const device = input.device?.trim() || null;
  if (state.status === 'destroyed') return fail(msg('keyDestroyed'));
  if (state.status === 'recalled') return fail(msg('onRecall'));
  const expired = state.status === 'expired' || (state.expiresOn !== null && state.expiresOn < input.today);
  switch (operation) {
    case 'activate':
      if (expired) return fail(msg('licenseExpired'));
      if (state.status === 'active') return fail(msg('alreadyActive', { device: state.device }));
      if (!device) return fail(msg('nameDeviceActivate'));
      return { ok: true, next: { ...state, status: 'active', device } };
    case 'transfer':
      if (expired) return fail(msg('licenseExpired'));
      if (state.status !== 'active') return fail(msg('onlyActiveTransferred'));
      if (!device) return fail(msg('nameDeviceTransfer'));
      if (device === state.device) return fail(msg('sameDevice'));
      return { ok: true, next: { ...state, device } };
    case 'restore':
      if (expired) return fail(msg('licenseExpired'));
      if (state.status !== 'active') return fail(msg('onlyActiveRestored'));
      return { ok: true, next: { ...state, device: device ?? state.device } };
    case 'destroy':
      return { ok: true, next: { ...state, status: 'destroyed', device: null } };
  }
}
