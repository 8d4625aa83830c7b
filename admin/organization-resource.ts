import type { ActionContext, Filter, ParamsType } from 'adminjs';
import { Op, Sequelize, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import type { Literal } from 'sequelize/lib/utils';
import { ScopedResource, type Scope } from './scoped-resource.ts';
import { columnKey, columnOf, propertyColumns, propertyValues, type PropertyColumn } from '../services/property-columns.ts';
import { billingRecipients } from '../services/billing-recipient.ts';
import { createOrganization } from '../services/customer-trials.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import type { Config } from '../models/config.ts';

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Organizations show a customer's billing recipient, its partner (services/billing-recipient.ts; a
 * computed field, never written), and the organization list the actor's custom property columns (services/property-columns.ts):
 * each row carries `custom_<definition id>`, a list sorts by it (`sortBy=custom_<id>`, numbers as
 * numbers) and filters by it (`filters.custom_<id>=…`: text by a case-insensitive part, the other
 * types by the exact value). A column that is not the actor's is no column: ignored like any unknown field.
 */
export class OrganizationResource extends ScopedResource {
  constructor(model: ModelStatic<Model>, private readonly config: Config) {
    super(model);
  }

  /** A reseller's new customer organization comes with the trial licenses the vendor configured (services/customer-trials.ts). */
  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return createOrganization(this.db, await this.actor(context), this.input(params, context), { today: calendarDateIn(new Date(), this.config.timezone) });
  }

  /** `custom_<id>`: whether it is one of the actor's columns is decided per request (an unknown one sorts by id). */
  isListColumn(name: string): boolean {
    return /^custom_\d{1,9}$/.test(name);
  }

  private async columns(scope: Scope): Promise<PropertyColumn[]> {
    return propertyColumns(scope.actor);
  }

  private valueOf(column: PropertyColumn, cast = false): string {
    const value = `(select v.value from custom_property_values v where v.definition_id = ${Number(column.definitionId)} and v.organization_id = "Organization"."id")`;
    return cast && column.type === 'number' ? `(${value})::numeric` : value;
  }

  protected async listWhere(scope: Scope, filter: Filter | undefined): Promise<WhereOptions> {
    const where = await super.listWhere(scope, filter);
    const columns = await this.columns(scope);
    const more: WhereOptions[] = [];
    for (const { path, value } of Object.values(filter?.filters ?? {})) {
      const column = columnOf(columns, path);
      if (!column || typeof value !== 'string' || value === '') continue;
      more.push(column.type === 'text'
        ? Sequelize.where(Sequelize.literal(this.valueOf(column)), Op.iLike, `%${escapeLike(value)}%`)
        : Sequelize.where(Sequelize.literal(this.valueOf(column)), Op.eq, value));
    }
    return more.length === 0 ? where : { [Op.and]: [where, ...more] };
  }

  protected async sortColumn(scope: Scope, sortBy: string): Promise<string | Literal | null> {
    const column = columnOf(await this.columns(scope), sortBy);
    return column ? Sequelize.literal(this.valueOf(column, true)) : super.sortColumn(scope, sortBy);
  }

  protected override async complete(rows: Array<Record<string, unknown>>, scope: Scope): Promise<void> {
    const columns = await this.columns(scope);
    const [recipients, values] = await Promise.all([
      billingRecipients(rows, !scope.hidden.includes('billingEmail')),
      propertyValues(scope.actor, scope.reachable, columns, rows.map((row) => Number(row.id))),
    ]);
    for (const row of rows) {
      const recipient = recipients.get(Number(row.id));
      if (recipient) row.billingRecipient = recipient;
      for (const column of columns) row[columnKey(column.definitionId)] = values.get(Number(row.id))?.get(column.definitionId) ?? null;
    }
  }
}
