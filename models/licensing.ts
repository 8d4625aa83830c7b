import { DataTypes, Model, type Sequelize } from 'sequelize';

export class License extends Model {
  declare id: number;
  declare licenseKey: string;
  declare organizationId: number;
  declare articleId: number;
  declare kind: 'full' | 'demo' | 'subscription' | 'nfr' | 'alm';
  declare status: 'inactive' | 'active' | 'recalled' | 'expired' | 'destroyed';
  declare seats: number;
  declare device: string | null;
  declare activatedAt: Date | null;
  declare expiresOn: string | null;
  declare serviceUntil: string | null;
  /** A free additional key: the ALM license it was drawn from, and whose quota it counts against. */
  declare drawnFromId: number | null;
  declare quotaOrganizationId: number | null;
}

export class Ticket extends Model {
  declare id: number;
  declare code: string;
  declare articleId: number;
  declare organizationId: number;
  declare assignedUserId: number | null;
  declare status: 'open' | 'assigned' | 'redeemed';
  declare licenseId: number | null;
  /** The ERP's reference of the pool the ticket was ordered in (ERP import), or null. */
  declare poolRef: string | null;
  declare redeemedAt: Date | null;
}

export class Subscription extends Model {
  declare id: number;
  declare ref: string;
  declare resellerId: number;
  declare customerId: number;
  declare articleId: number;
  declare licenseId: number | null;
  declare quantity: number;
  declare unitPriceCents: number;
  declare interval: 'month' | 'year';
  declare startDate: string;
  declare termMonths: number;
  declare autoRenew: boolean;
  declare terminatedOn: string | null;
  declare cancelledOn: string | null;
  declare cancelReason: 'reversal' | 'exchange' | null;
  /** An exchanged subscription's replacement. */
  declare replacedById: number | null;
}

export class AuditEvent extends Model {
  declare id: string;
  declare at: Date;
  declare userId: number | null;
  declare organizationId: number | null;
  declare action: string;
  declare resource: string | null;
  declare recordId: string | null;
  declare details: Record<string, unknown>;
}

const ref = (table: string) => ({ model: table, key: 'id' });

export function defineLicensing(sequelize: Sequelize) {
  License.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    licenseKey: { type: DataTypes.TEXT, allowNull: false },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: ref('organizations') },
    articleId: { type: DataTypes.INTEGER, allowNull: false, references: ref('articles') },
    kind: { type: DataTypes.TEXT, allowNull: false },
    status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'inactive' },
    seats: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    device: { type: DataTypes.TEXT },
    activatedAt: { type: DataTypes.DATE },
    expiresOn: { type: DataTypes.DATEONLY },
    serviceUntil: { type: DataTypes.DATEONLY },
    drawnFromId: { type: DataTypes.INTEGER, references: ref('licenses') },
    quotaOrganizationId: { type: DataTypes.INTEGER, references: ref('organizations') },
  }, { sequelize, tableName: 'licenses' });
  Ticket.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    code: { type: DataTypes.TEXT, allowNull: false },
    articleId: { type: DataTypes.INTEGER, allowNull: false, references: ref('articles') },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: ref('organizations') },
    assignedUserId: { type: DataTypes.INTEGER, references: ref('users') },
    status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'open' },
    licenseId: { type: DataTypes.INTEGER, references: ref('licenses') },
    poolRef: { type: DataTypes.TEXT },
    redeemedAt: { type: DataTypes.DATE },
  }, { sequelize, tableName: 'tickets' });
  Subscription.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    ref: { type: DataTypes.TEXT, allowNull: false },
    resellerId: { type: DataTypes.INTEGER, allowNull: false, references: ref('organizations') },
    customerId: { type: DataTypes.INTEGER, allowNull: false, references: ref('organizations') },
    articleId: { type: DataTypes.INTEGER, allowNull: false, references: ref('articles') },
    licenseId: { type: DataTypes.INTEGER, references: ref('licenses') },
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    unitPriceCents: { type: DataTypes.INTEGER, allowNull: false },
    interval: { type: DataTypes.TEXT, allowNull: false },
    startDate: { type: DataTypes.DATEONLY, allowNull: false },
    termMonths: { type: DataTypes.INTEGER, allowNull: false },
    autoRenew: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    terminatedOn: { type: DataTypes.DATEONLY },
    cancelledOn: { type: DataTypes.DATEONLY },
    cancelReason: { type: DataTypes.TEXT },
    replacedById: { type: DataTypes.INTEGER, references: ref('subscriptions') },
  }, { sequelize, tableName: 'subscriptions' });
  AuditEvent.init({
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    userId: { type: DataTypes.INTEGER, references: ref('users') },
    organizationId: { type: DataTypes.INTEGER, references: ref('organizations') },
    action: { type: DataTypes.TEXT, allowNull: false },
    resource: { type: DataTypes.TEXT },
    recordId: { type: DataTypes.TEXT },
    details: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
  }, { sequelize, tableName: 'audit_events', timestamps: false });
}
