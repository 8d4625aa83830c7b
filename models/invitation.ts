import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { Role } from './domain/roles.ts';

/** An e-mail invitation into an organization; the token itself is never stored, only its hash. */
export class Invitation extends Model {
  declare id: number;
  declare organizationId: number;
  declare email: string;
  declare role: Role;
  declare tokenHash: string;
  declare invitedBy: number | null;
  declare expiresAt: Date;
  declare acceptedAt: Date | null;
  declare acceptedUserId: number | null;
  declare createdAt: Date;
}

export function defineInvitation(sequelize: Sequelize): typeof Invitation {
  return Invitation.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    email: { type: DataTypes.TEXT, allowNull: false, set(value: string) { this.setDataValue('email', String(value).trim().toLowerCase()); } },
    role: { type: DataTypes.TEXT, allowNull: false },
    tokenHash: { type: DataTypes.TEXT, allowNull: false },
    invitedBy: { type: DataTypes.INTEGER, references: { model: 'users', key: 'id' } },
    expiresAt: { type: DataTypes.DATE, allowNull: false },
    acceptedAt: { type: DataTypes.DATE },
    acceptedUserId: { type: DataTypes.INTEGER, references: { model: 'users', key: 'id' } },
  }, { sequelize, tableName: 'invitations', updatedAt: false });
}
