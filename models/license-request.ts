import { DataTypes, Model, type Sequelize } from 'sequelize';

/** A non-binding service offer requested on a license (migration 014), answered by vendor staff. */
export class OfferRequest extends Model {
  declare id: number;
  declare licenseId: number;
  declare organizationId: number;
  declare requestedBy: number | null;
  declare message: string;
  declare mailedTo: string;
  declare answer: string | null;
  declare answeredBy: number | null;
  declare answeredAt: Date | null;
  declare createdAt: Date;
}

/** One message of a support thread on a license; the opening one has no `threadId`. */
export class SupportMessage extends Model {
  declare id: number;
  declare threadId: number | null;
  declare licenseId: number;
  declare organizationId: number;
  declare handlerOrganizationId: number;
  declare authorUserId: number | null;
  declare authorOrganizationId: number | null;
  declare message: string;
  declare createdAt: Date;
}

export function defineLicenseRequests(sequelize: Sequelize): void {
  OfferRequest.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    licenseId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'licenses', key: 'id' } },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    requestedBy: { type: DataTypes.INTEGER, references: { model: 'users', key: 'id' } },
    message: { type: DataTypes.TEXT, allowNull: false },
    mailedTo: { type: DataTypes.TEXT, allowNull: false },
    answer: { type: DataTypes.TEXT },
    answeredBy: { type: DataTypes.INTEGER, references: { model: 'users', key: 'id' } },
    answeredAt: { type: DataTypes.DATE },
  }, { sequelize, tableName: 'offer_requests', updatedAt: false });
  SupportMessage.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    threadId: { type: DataTypes.INTEGER, references: { model: 'support_messages', key: 'id' } },
    licenseId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'licenses', key: 'id' } },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    handlerOrganizationId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    authorUserId: { type: DataTypes.INTEGER, references: { model: 'users', key: 'id' } },
    authorOrganizationId: { type: DataTypes.INTEGER, references: { model: 'organizations', key: 'id' } },
    message: { type: DataTypes.TEXT, allowNull: false },
  }, { sequelize, tableName: 'support_messages', updatedAt: false });
}
