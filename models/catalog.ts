import { DataTypes, Model, type Sequelize } from 'sequelize';
import { LICENSE_KINDS, type LicenseKind } from './domain/values.ts';

export class ProductGroup extends Model {
  declare id: number;
  declare name: string;
  declare description: string | null;
  declare demoDays: number[];
  declare minSeats: number;
  declare maxSeats: number | null;
  declare termMonths: number[];
  declare articleKinds: LicenseKind[];
  /** A reseller's new customer receives two demo licenses of the group (services/customer-trials.ts). */
  declare customerTrials: boolean;
}

export class Article extends Model {
  declare id: number;
  declare code: string;
  declare name: string;
  declare kind: 'full' | 'demo' | 'subscription' | 'nfr' | 'alm';
  declare interval: 'month' | 'year' | null;
  declare priceCents: number;
  declare currency: string;
  declare productGroupId: number | null;
}

export class ProductGroupGrant extends Model {
  declare id: number;
  declare productGroupId: number;
  declare organizationId: number;
  declare demoDays: number[] | null;
  declare minSeats: number | null;
  declare maxSeats: number | null;
  declare termMonths: number[] | null;
  declare articleKinds: LicenseKind[] | null;
  /** The channel organization that passed the group on; null: the vendor. */
  declare grantedById: number | null;
}

/** A vendor-set unit price of an article for one reseller (migration 017): its bookings are charged this instead of the article's price. */
export class ResellerPrice extends Model {
  declare id: number;
  declare articleId: number;
  declare resellerId: number;
  declare unitPriceCents: number;
}

export class SoftwareRelease extends Model {
  declare id: number;
  declare productLine: string;
  declare version: string;
  declare releasedOn: string;
  declare fileUrl: string;
  declare sha256: string | null;
  declare productGroupId: number | null;
}

const ref = (table: string) => ({ model: table, key: 'id' });

export function defineCatalog(sequelize: Sequelize) {
  ProductGroup.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    name: { type: DataTypes.TEXT, allowNull: false },
    description: { type: DataTypes.TEXT },
    demoDays: { type: DataTypes.ARRAY(DataTypes.INTEGER), allowNull: false, defaultValue: [] },
    minSeats: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    maxSeats: { type: DataTypes.INTEGER },
    termMonths: { type: DataTypes.ARRAY(DataTypes.INTEGER), allowNull: false, defaultValue: [] },
    articleKinds: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [...LICENSE_KINDS] },
    customerTrials: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
  }, { sequelize, tableName: 'product_groups' });
  Article.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    code: { type: DataTypes.TEXT, allowNull: false },
    name: { type: DataTypes.TEXT, allowNull: false },
    kind: { type: DataTypes.TEXT, allowNull: false },
    interval: { type: DataTypes.TEXT },
    priceCents: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    currency: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'EUR' },
    productGroupId: { type: DataTypes.INTEGER, references: ref('product_groups') },
  }, { sequelize, tableName: 'articles' });
  ProductGroupGrant.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    productGroupId: { type: DataTypes.INTEGER, allowNull: false, references: ref('product_groups') },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: ref('organizations') },
    demoDays: { type: DataTypes.ARRAY(DataTypes.INTEGER) },
    minSeats: { type: DataTypes.INTEGER },
    maxSeats: { type: DataTypes.INTEGER },
    termMonths: { type: DataTypes.ARRAY(DataTypes.INTEGER) },
    articleKinds: { type: DataTypes.ARRAY(DataTypes.TEXT) },
    grantedById: { type: DataTypes.INTEGER, references: ref('organizations') },
  }, { sequelize, tableName: 'product_group_grants' });
  ResellerPrice.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    articleId: { type: DataTypes.INTEGER, allowNull: false, references: ref('articles') },
    resellerId: { type: DataTypes.INTEGER, allowNull: false, references: ref('organizations') },
    unitPriceCents: { type: DataTypes.INTEGER, allowNull: false },
  }, { sequelize, tableName: 'reseller_prices' });
  SoftwareRelease.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    productLine: { type: DataTypes.TEXT, allowNull: false },
    version: { type: DataTypes.TEXT, allowNull: false },
    releasedOn: { type: DataTypes.DATEONLY, allowNull: false },
    fileUrl: { type: DataTypes.TEXT, allowNull: false },
    sha256: { type: DataTypes.TEXT },
    productGroupId: { type: DataTypes.INTEGER, references: ref('product_groups') },
  }, { sequelize, tableName: 'software_releases' });
}
