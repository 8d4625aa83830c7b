import { DataTypes, Model, type Sequelize } from 'sequelize';

import type { ErasureStatus } from './domain/erasure-workflow.ts';
import type { SubjectKind, RetainedSummary } from './domain/erasure-plan.ts';

export class ErasureRequest extends Model {
  declare id: number;
  declare subjectKind: SubjectKind;
  declare subjectId: number;
  declare subjectLabel: string;
  declare reason: string;
  declare status: ErasureStatus;
  declare requestedBy: number | null;
  declare requestedAt: Date;
  declare approvedBy: number | null;
  declare approvedAt: Date | null;
  declare dueAt: Date | null;
  declare rejectedBy: number | null;
  declare rejectedAt: Date | null;
  declare executedBy: number | null;
  declare executedAt: Date | null;
  declare subjectHash: string | null;
  declare pseudonym: string | null;
}

export interface CertificateActor { userId: number | null; email: string | null }

export class ErasureCertificate extends Model {
  declare id: number;
  declare requestId: number;
  declare subjectKind: SubjectKind;
  declare subjectHash: string;
  declare pseudonym: string;
  declare actors: { requested: CertificateActor; approved: CertificateActor; executed: CertificateActor };
  declare requestedAt: Date;
  declare approvedAt: Date;
  declare executedAt: Date;
  declare deleted: Record<string, number>;
  declare pseudonymized: Record<string, number>;
  declare retained: RetainedSummary[];
  declare issuedAt: Date;
}

export class RetentionSetting extends Model {
  declare recordType: string;
  declare retentionYears: number;
  declare legalBasis: string;
}

const users = { model: 'users', key: 'id' };

export function defineErasure(sequelize: Sequelize) {
  ErasureRequest.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    subjectKind: { type: DataTypes.TEXT, allowNull: false },
    subjectId: { type: DataTypes.INTEGER, allowNull: false },
    subjectLabel: { type: DataTypes.TEXT, allowNull: false },
    reason: { type: DataTypes.TEXT, allowNull: false },
    status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'requested' },
    requestedBy: { type: DataTypes.INTEGER, references: users },
    requestedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    approvedBy: { type: DataTypes.INTEGER, references: users },
    approvedAt: { type: DataTypes.DATE },
    dueAt: { type: DataTypes.DATE },
    rejectedBy: { type: DataTypes.INTEGER, references: users },
    rejectedAt: { type: DataTypes.DATE },
    executedBy: { type: DataTypes.INTEGER, references: users },
    executedAt: { type: DataTypes.DATE },
    subjectHash: { type: DataTypes.TEXT },
    pseudonym: { type: DataTypes.TEXT },
  }, { sequelize, tableName: 'erasure_requests', timestamps: false });
  ErasureCertificate.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    requestId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'erasure_requests', key: 'id' } },
    subjectKind: { type: DataTypes.TEXT, allowNull: false },
    subjectHash: { type: DataTypes.TEXT, allowNull: false },
    pseudonym: { type: DataTypes.TEXT, allowNull: false },
    actors: { type: DataTypes.JSONB, allowNull: false },
    requestedAt: { type: DataTypes.DATE, allowNull: false },
    approvedAt: { type: DataTypes.DATE, allowNull: false },
    executedAt: { type: DataTypes.DATE, allowNull: false },
    deleted: { type: DataTypes.JSONB, allowNull: false },
    pseudonymized: { type: DataTypes.JSONB, allowNull: false },
    retained: { type: DataTypes.JSONB, allowNull: false },
    issuedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  }, { sequelize, tableName: 'erasure_certificates', timestamps: false });
  RetentionSetting.init({
    recordType: { type: DataTypes.TEXT, primaryKey: true },
    retentionYears: { type: DataTypes.INTEGER, allowNull: false },
    legalBasis: { type: DataTypes.TEXT, allowNull: false },
  }, { sequelize, tableName: 'retention_settings', timestamps: true, createdAt: false });
}
