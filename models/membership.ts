import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { Role } from './domain/roles.ts';

export class Membership extends Model {
  declare id: number;
  declare userId: number;
  declare organizationId: number;
  declare role: Role;
}

export function defineMembership(sequelize: Sequelize): typeof Membership {
  return Membership.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    userId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'users', key: 'id' } },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    role: { type: DataTypes.TEXT, allowNull: false },
  }, { sequelize, tableName: 'memberships' });
}
