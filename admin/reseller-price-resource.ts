import type { ActionContext, ParamsType } from 'adminjs';
import { ScopedResource } from './scoped-resource.ts';
import { createResellerPrice } from '../services/reseller-prices.ts';

/** A reseller price's `new` is set for an organization holding the reseller view (services/reseller-prices.ts); edit and delete are plain records. */
export class ResellerPriceResource extends ScopedResource {
  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return createResellerPrice(this.db, await this.actor(context), this.input(params, context));
  }
}
