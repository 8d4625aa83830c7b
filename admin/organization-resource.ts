import { ScopedResource, type Scope } from './scoped-resource.ts';
import { billingRecipients } from '../services/billing-recipient.ts';

/** Organizations show a customer's billing recipient, its partner (services/billing-recipient.ts); a computed field, never written. */
export class OrganizationResource extends ScopedResource {
  protected override async complete(rows: Array<Record<string, unknown>>, scope: Scope): Promise<void> {
    const recipients = await billingRecipients(rows, !scope.hidden.includes('billingEmail'));
    for (const row of rows) {
      const recipient = recipients.get(Number(row.id));
      if (recipient) row.billingRecipient = recipient;
    }
  }
}
