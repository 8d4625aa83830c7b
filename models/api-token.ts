import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { ApiTokenRole } from './domain/values.ts';

/** A REST API credential of an organization (migration 018); only the token's hash is stored. */
export class ApiToken extends Model {
  declare id: number;
  declare organizationId: number;
  declare name: string;
  declare view: string;
  declare role: ApiTokenRole;
  declare tokenHash: string;
  declare expiresOn: string | null;
  declare createdBy: number | null;
  declare createdAt: Date;
  declare revokedAt: Date | null;
  declare lastUsedAt: Date | null;
  declare windowStartedAt: Date | null;
  declare windowCount: number;
}

export function defineApiTokens(sequelize: Sequelize): void {
  ApiToken.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    name: { type: DataTypes.TEXT, allowNull: false },
    view: { type: DataTypes.TEXT, allowNull: false },
    role: { type: DataTypes.TEXT, allowNull: false },
    tokenHash: { type: DataTypes.TEXT, allowNull: false },
    expiresOn: { type: DataTypes.DATEONLY },
    createdBy: { type: DataTypes.INTEGER, references: { model: 'users', key: 'id' } },
    revokedAt: { type: DataTypes.DATE },
    lastUsedAt: { type: DataTypes.DATE },
    windowStartedAt: { type: DataTypes.DATE },
    windowCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  }, { sequelize, tableName: 'api_tokens', updatedAt: false });
}
