import { DataTypes, Model, type Sequelize } from 'sequelize';

export class StatementRun extends Model {
  declare id: number;
  declare period: string;
  declare trigger: 'schedule' | 'cli' | 'panel';
  declare startedAt: Date;
  declare finishedAt: Date | null;
  declare status: 'running' | 'done' | 'failed';
  declare issuedCount: number;
  declare sentCount: number;
  declare error: string | null;
}

export class StatementRecord extends Model {
  declare id: number;
  declare resellerId: number;
  declare period: string;
  declare mode: 'prorated' | 'cutoff';
  declare currency: string;
  declare locale: 'de' | 'en';
  declare resellerRef: string | null;
  declare resellerName: string;
  /** The billing address the statement was issued to; a resend never changes it. */
  declare billingEmail: string | null;
  declare resellerCustomerNumber: string | null;
  declare resellerStreet: string | null;
  declare resellerZip: string | null;
  declare resellerCity: string | null;
  declare resellerCountry: string | null;
  declare resellerLogoContentType: 'image/png' | 'image/jpeg' | null;
  /** Where the latest (re)send goes. */
  declare mailTo: string | null;
  declare totalCents: string;
  declare issuedAt: Date;
  declare runId: number | null;
  declare mailStatus: 'pending' | 'sent' | 'failed' | 'no_address';
  declare mailAttempts: number;
  declare nextMailAttemptAt: Date | null;
  declare mailedAt: Date | null;
  declare mailError: string | null;
  declare messageId: string;
  declare restrictedAt: Date | null;
  declare retainUntil: string | null;
}

export class StatementLineRecord extends Model {
  declare id: number;
  declare statementId: number;
  declare lineType: 'charge' | 'adjustment';
  declare chargedPeriod: string;
  declare subscriptionId: number;
  declare subscriptionRef: string;
  declare customerId: number | null;
  declare customerNumber: string;
  declare customerName: string | null;
  declare articleCode: string;
  declare articleName: string;
  declare fromDate: string | null;
  declare toDate: string | null;
  declare days: number;
  declare quantity: number;
  declare unitPriceCents: number;
  declare amountCents: string;
  declare restrictedAt: Date | null;
  declare retainUntil: string | null;
}

const ref = (table: string) => ({ model: table, key: 'id' });

/**
 * bigint columns arrive as strings from pg; amounts are summed in SQL or with BigInt, never as floats.
 * The issued logo (statements.reseller_logo) is no attribute: the panel's records and lists never
 * carry its bytes; issue-period.ts writes it and stored-statement.ts reads it for the PDF.
 */
export function defineStatements(sequelize: Sequelize) {
  StatementRun.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    period: { type: DataTypes.TEXT, allowNull: false },
    trigger: { type: DataTypes.TEXT, allowNull: false },
    startedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    finishedAt: { type: DataTypes.DATE },
    status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'running' },
    issuedCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    sentCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    error: { type: DataTypes.TEXT },
  }, { sequelize, tableName: 'statement_runs', timestamps: false });
  StatementRecord.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    resellerId: { type: DataTypes.INTEGER, allowNull: false, references: ref('organizations') },
    period: { type: DataTypes.TEXT, allowNull: false },
    mode: { type: DataTypes.TEXT, allowNull: false },
    currency: { type: DataTypes.TEXT, allowNull: false },
    locale: { type: DataTypes.TEXT, allowNull: false },
    resellerRef: { type: DataTypes.TEXT },
    resellerName: { type: DataTypes.TEXT, allowNull: false },
    billingEmail: { type: DataTypes.TEXT },
    resellerCustomerNumber: { type: DataTypes.TEXT },
    resellerStreet: { type: DataTypes.TEXT },
    resellerZip: { type: DataTypes.TEXT },
    resellerCity: { type: DataTypes.TEXT },
    resellerCountry: { type: DataTypes.TEXT },
    resellerLogoContentType: { type: DataTypes.TEXT },
    mailTo: { type: DataTypes.TEXT },
    totalCents: { type: DataTypes.BIGINT, allowNull: false },
    issuedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    runId: { type: DataTypes.INTEGER, references: ref('statement_runs') },
    mailStatus: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'pending' },
    mailAttempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    nextMailAttemptAt: { type: DataTypes.DATE },
    mailedAt: { type: DataTypes.DATE },
    mailError: { type: DataTypes.TEXT },
    messageId: { type: DataTypes.TEXT, allowNull: false },
    restrictedAt: { type: DataTypes.DATE },
    retainUntil: { type: DataTypes.DATEONLY },
  }, { sequelize, tableName: 'statements', timestamps: false });
  StatementLineRecord.init({
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    statementId: { type: DataTypes.INTEGER, allowNull: false, references: ref('statements') },
    lineType: { type: DataTypes.TEXT, allowNull: false },
    chargedPeriod: { type: DataTypes.TEXT, allowNull: false },
    subscriptionId: { type: DataTypes.INTEGER, allowNull: false, references: ref('subscriptions') },
    subscriptionRef: { type: DataTypes.TEXT, allowNull: false },
    customerId: { type: DataTypes.INTEGER, references: ref('organizations') },
    customerNumber: { type: DataTypes.TEXT, allowNull: false },
    customerName: { type: DataTypes.TEXT },
    articleCode: { type: DataTypes.TEXT, allowNull: false },
    articleName: { type: DataTypes.TEXT, allowNull: false },
    fromDate: { type: DataTypes.DATEONLY },
    toDate: { type: DataTypes.DATEONLY },
    days: { type: DataTypes.INTEGER, allowNull: false },
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    unitPriceCents: { type: DataTypes.INTEGER, allowNull: false },
    amountCents: { type: DataTypes.BIGINT, allowNull: false },
    restrictedAt: { type: DataTypes.DATE },
    retainUntil: { type: DataTypes.DATEONLY },
  }, { sequelize, tableName: 'statement_lines', timestamps: false });
}
