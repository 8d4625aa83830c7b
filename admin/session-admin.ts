import type { View } from '../models/domain/policy.ts';
import type { Role } from '../models/domain/roles.ts';
import type { Language } from '../templates/formats.ts';

/** What the session holds about the logged-in user; role and reach are re-read on every request. */
export interface SessionAdmin {
  id: string;
  email: string;
  title: string;
  userId: number;
  organizationId: number;
  view: View;
  role: Role;
  /** The user's language (users.locale): the panel's texts follow it; the top bar's switch changes it. */
  locale: Language;
  /** The password was chosen by someone else (an admin creating the account): the user must choose its own first. */
  mustChangePassword?: boolean;
  [key: string]: unknown;
}

declare module 'express-session' {
  interface SessionData {
    adminUser: SessionAdmin;
  }
}
