import type { ActionContext, BaseRecord, ParamsType } from 'adminjs';
import type { Model, ModelStatic } from 'sequelize';
import { ScopedResource, type Scope } from './scoped-resource.ts';
import { daysLeft, runtimeText, type LicenseRuntime } from '../models/domain/license-runtime.ts';
import type { Config } from '../models/config.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { issueLicense } from '../services/license-issue.ts';
import { bookSubscription } from '../services/subscription-booking.ts';
import { createGrant, updateGrant } from '../services/grants.ts';

/** The vendor's calendar date, the "today" of every issue and booking. */
const today = (config: Config) => ({ today: calendarDateIn(new Date(), config.timezone) });

/**
 * A license's `new` issues it inside the frame: kind, key and expiry from the article and the frame
 * (services/license-issue.ts). Every license read carries its remaining runtime (`daysLeft`) and a
 * line with runtime and service entitlement (`runtime`), computed from the vendor's today.
 */
export class LicenseResource extends ScopedResource {
  constructor(model: ModelStatic<Model>, private readonly config: Config) {
    super(model);
  }

  protected toRecord(json: Record<string, unknown>, scope: Scope): BaseRecord {
    const { today: now } = today(this.config);
    const license = json as unknown as LicenseRuntime & { serviceUntil: string | null };
    return super.toRecord({ ...json, daysLeft: daysLeft(license.expiresOn, now), runtime: runtimeText(license, now) }, scope);
  }

  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return issueLicense(this.db, await this.actor(context), this.input(params, context), today(this.config));
  }
}

/** A subscription's `new` books it inside the frame, at the article's price, with its license (services/subscription-booking.ts). */
export class SubscriptionResource extends ScopedResource {
  constructor(model: ModelStatic<Model>, private readonly config: Config) {
    super(model);
  }

  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return bookSubscription(this.db, await this.actor(context), this.input(params, context), today(this.config));
  }
}

/** A grant is written inside what its granter holds, and records who granted it (services/grants.ts). */
export class GrantResource extends ScopedResource {
  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return createGrant(this.db, await this.actor(context), this.input(params, context));
  }

  async update(id: string, params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return updateGrant(this.db, await this.actor(context), id, this.input(params, context));
  }
}
