import { DataTypes, Model, ValidationError, ValidationErrorItem, type Sequelize } from 'sequelize';
import { propertyValueProblem } from './domain/property-value.ts';

export const PROPERTY_TYPES = ['text', 'number', 'date', 'boolean', 'choice'] as const;
export type PropertyType = typeof PROPERTY_TYPES[number];

/** A typed property a partner defines for its customer organizations (an extra column in its customer table). */
export class CustomPropertyDefinition extends Model {
  declare id: number;
  declare organizationId: number;
  declare name: string;
  declare type: PropertyType;
  declare choices: string[];
  /** The customer may read its own value of this property (migration 019); otherwise only the partner's side does. */
  declare visibleToCustomer: boolean;
}

/** One customer organization's value of a partner's property, stored as text. */
export class CustomPropertyValue extends Model {
  declare id: number;
  declare definitionId: number;
  declare organizationId: number;
  declare value: string | null;
}

export function defineCustomProperties(sequelize: Sequelize) {
  CustomPropertyDefinition.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    name: { type: DataTypes.TEXT, allowNull: false },
    type: { type: DataTypes.TEXT, allowNull: false },
    choices: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
    visibleToCustomer: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
  }, { sequelize, tableName: 'custom_property_definitions' });
  CustomPropertyValue.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    definitionId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'custom_property_definitions', key: 'id' } },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    value: { type: DataTypes.TEXT },
  }, { sequelize, tableName: 'custom_property_values' });
  // Every way a value is written (panel, import, scripts) passes here.
  CustomPropertyValue.beforeSave(async (row, options) => {
    const definition = await CustomPropertyDefinition.findByPk(row.definitionId, { transaction: options.transaction });
    const problem = definition && propertyValueProblem(definition.type, definition.choices, row.value);
    if (problem) throw new ValidationError(problem, [new ValidationErrorItem(problem, 'validation error', 'value', row.value ?? '', row, 'propertyType', 'propertyValueProblem', [])]);
  });
}
