import { DataTypes, Model, type Sequelize } from 'sequelize';

export class User extends Model {
  declare id: number;
  declare email: string;
  declare name: string | null;
  declare passwordHash: string | null;
  declare isDpo: boolean;
  declare locale: 'de' | 'en';
  declare lastLoginAt: Date | null;
  declare passwordChangeRequired: boolean;
}

export function defineUser(sequelize: Sequelize): typeof User {
  return User.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    email: { type: DataTypes.TEXT, allowNull: false, set(value: string) { this.setDataValue('email', String(value).trim().toLowerCase()); } },
    name: { type: DataTypes.TEXT },
    passwordHash: { type: DataTypes.TEXT },
    isDpo: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    locale: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'de' },
    lastLoginAt: { type: DataTypes.DATE },
    passwordChangeRequired: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
  }, { sequelize, tableName: 'users' });
}
