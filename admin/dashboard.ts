// The panel's start page: AdminJS's `dashboard` option, glue only. The handler answers
// GET /admin/api/dashboard with the figures of services/dashboard.ts for the session's actor; the
// React component (admin/components/dashboard.ts) draws them.
import type { AdminJSOptions } from 'adminjs';
import type { Sequelize } from 'sequelize';
import type { Config } from '../models/config.ts';
import { resolveContext, type ActorContext } from '../models/actor-lookup.ts';
import { dashboardFor, dashboardInput, EXPIRY_DAYS, type Dashboard } from '../services/dashboard.ts';
import { currentActor } from './actor.ts';
import { Components } from './components/index.ts';
import type { SessionAdmin } from './session-admin.ts';

/** What the start page receives. */
export interface DashboardPage {
  language: string;
  timeZone: string;
  expiryDays: number;
  actingAs: Pick<ActorContext, 'organizationName' | 'view' | 'role'> | null;
  figures: Dashboard;
}

export function dashboardOption(sequelize: Sequelize, config: Config): AdminJSOptions['dashboard'] {
  return {
    component: Components.Dashboard,
    handler: async (_request, _response, context): Promise<DashboardPage> => {
      const admin = context.currentAdmin as SessionAdmin | undefined;
      const actor = await currentActor(sequelize, admin);
      const [figures, acting] = await Promise.all([
        dashboardFor(sequelize, actor, dashboardInput(config.timezone)),
        resolveContext(sequelize, actor.userId, actor.organizationId, actor.view),
      ]);
      return {
        language: admin!.locale,
        timeZone: config.timezone,
        expiryDays: EXPIRY_DAYS,
        actingAs: acting && { organizationName: acting.organizationName, view: acting.view, role: acting.role },
        figures,
      };
    },
  };
}
