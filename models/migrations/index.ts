import type { QueryInterface } from 'sequelize';
import * as foundation from './001-foundation.ts';
import * as jobClaims from './002-job-claims.ts';
import * as statements from './003-statements.ts';
import * as erasure from './004-erasure.ts';
import * as invitations from './005-invitations.ts';
import * as writeAuthority from './006-write-authority.ts';
import * as statementIssuedCopy from './007-statement-issued-copy.ts';
import * as auditAppendOnly from './008-audit-append-only.ts';
import * as loginThrottle from './009-login-throttle.ts';
import * as secondFactor from './010-second-factor.ts';
import * as frames from './011-frames.ts';
import * as tickets from './012-tickets.ts';
import * as jobClaimRetries from './013-job-claim-retries.ts';
import * as requests from './014-requests.ts';
import * as licensing from './015-licensing.ts';
import * as customerTrials from './016-customer-trials.ts';
import * as resellerPrices from './017-reseller-prices.ts';
import * as apiTokens from './018-api-tokens.ts';
import * as reportingWebhooks from './019-reporting-webhooks.ts';
import * as listIndexes from './021-list-indexes.ts';
import * as webhookDeliveries from './022-webhook-deliveries.ts';
import * as jobClaimLeases from './023-job-claim-leases.ts';

type Migration = { name: string; up: (params: { context: QueryInterface }) => Promise<void> };

/**
 * In order of application; a new migration is appended, never inserted or edited once landed.
 * umzug runs this array in its order and skips the names schema_migrations already holds.
 */
export const migrations: Migration[] = [
  { name: '001-foundation', up: foundation.up },
  { name: '002-job-claims', up: jobClaims.up },
  { name: '003-statements', up: statements.up },
  { name: '004-erasure', up: erasure.up },
  { name: '005-invitations', up: invitations.up },
  { name: '006-write-authority', up: writeAuthority.up },
  { name: '007-statement-issued-copy', up: statementIssuedCopy.up },
  { name: '008-audit-append-only', up: auditAppendOnly.up },
  { name: '009-login-throttle', up: loginThrottle.up },
  { name: '010-second-factor', up: secondFactor.up },
  { name: '011-frames', up: frames.up },
  { name: '012-tickets', up: tickets.up },
  { name: '013-job-claim-retries', up: jobClaimRetries.up },
  { name: '014-requests', up: requests.up },
  { name: '015-licensing', up: licensing.up },
  { name: '016-customer-trials', up: customerTrials.up },
  { name: '017-reseller-prices', up: resellerPrices.up },
  { name: '018-api-tokens', up: apiTokens.up },
  { name: '019-reporting-webhooks', up: reportingWebhooks.up },
  { name: '021-list-indexes', up: listIndexes.up },
  { name: '022-webhook-deliveries', up: webhookDeliveries.up },
  { name: '023-job-claim-leases', up: jobClaimLeases.up },
];
