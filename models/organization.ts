import { DataTypes, Model, type Sequelize } from 'sequelize';

export const VIEWS = ['vendor', 'distributor', 'reseller', 'service_provider', 'system_integrator', 'partner', 'customer'] as const;
export type OrgView = typeof VIEWS[number];

export class Organization extends Model {
  declare id: number;
  declare ref: string | null;
  declare name: string;
  declare views: OrgView[];
  declare parentId: number | null;
  declare customerNumber: string | null;
  declare dataPolicy: 'pseudonymous' | 'full';
  declare statementMode: 'prorated' | 'cutoff';
  declare billingEmail: string | null;
  declare contactEmail: string | null;
  declare locale: 'de' | 'en';
  declare street: string | null;
  declare zip: string | null;
  declare city: string | null;
  declare country: string | null;
  declare supportContact: string | null;
  /** Free additional keys the organization may hand out over ALM licenses (vendor admins set it; services/free-keys.ts). */
  declare freeKeyQuota: number;
  declare logo: Buffer | null;
  declare logoContentType: string | null;
}

export function defineOrganization(sequelize: Sequelize): typeof Organization {
  return Organization.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    ref: { type: DataTypes.TEXT },
    name: { type: DataTypes.TEXT, allowNull: false },
    views: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false },
    parentId: { type: DataTypes.INTEGER, references: { model: 'organizations', key: 'id' } },
    customerNumber: { type: DataTypes.TEXT },
    dataPolicy: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'full' },
    statementMode: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'prorated' },
    billingEmail: { type: DataTypes.TEXT },
    contactEmail: { type: DataTypes.TEXT },
    locale: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'de' },
    street: { type: DataTypes.TEXT },
    zip: { type: DataTypes.TEXT },
    city: { type: DataTypes.TEXT },
    country: { type: DataTypes.TEXT },
    supportContact: { type: DataTypes.TEXT },
    freeKeyQuota: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    logo: { type: DataTypes.BLOB },
    logoContentType: { type: DataTypes.TEXT },
  }, { sequelize, tableName: 'organizations' });
}
