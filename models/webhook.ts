import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { WebhookEvent } from './domain/values.ts';

/** An organization's endpoint for webhook events (migration 019; services/webhooks.ts). */
export class WebhookEndpoint extends Model {
  declare id: number;
  declare organizationId: number;
  /** The view it was registered in: its events are the rows this view of the organization reads. */
  declare view: string;
  declare url: string;
  declare events: WebhookEvent[];
  declare secretSealed: string;
  declare active: boolean;
}

/** One event for one endpoint: the outbox row the worker delivers (services/webhook-delivery.ts). */
export class WebhookDelivery extends Model {
  declare id: string;
  declare endpointId: number;
  declare organizationId: number;
  declare event: WebhookEvent;
  declare payload: Record<string, unknown>;
  declare status: 'pending' | 'delivered' | 'failed';
  declare attempts: number;
  declare nextAttemptAt: Date;
  declare lastStatus: number | null;
  declare lastError: string | null;
  declare deliveredAt: Date | null;
}

export function defineWebhooks(sequelize: Sequelize) {
  WebhookEndpoint.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    view: { type: DataTypes.TEXT, allowNull: false },
    url: { type: DataTypes.TEXT, allowNull: false },
    events: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false },
    secretSealed: { type: DataTypes.TEXT, allowNull: false },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
  }, { sequelize, tableName: 'webhook_endpoints' });
  WebhookDelivery.init({
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    endpointId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'webhook_endpoints', key: 'id' } },
    organizationId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    event: { type: DataTypes.TEXT, allowNull: false },
    payload: { type: DataTypes.JSONB, allowNull: false },
    status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'pending' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    nextAttemptAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    lastStatus: { type: DataTypes.INTEGER },
    lastError: { type: DataTypes.TEXT },
    deliveredAt: { type: DataTypes.DATE },
  }, { sequelize, tableName: 'webhook_deliveries', updatedAt: false });
}
