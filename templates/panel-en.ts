// The panel's wording in English; the keys are German's (templates/panel-de.ts), checked by the type.
import type { PanelTexts } from './panel-texts.ts';

export const PANEL_EN: PanelTexts = {
  navigation: {
    Channel: 'Sales channel', Catalog: 'Catalog', Licensing: 'Licensing', Audit: 'Audit', Billing: 'Billing', 'Data protection': 'Data protection', Integration: 'Integration',
  },
  properties: {
    id: 'No.', createdAt: 'Created', updatedAt: 'Changed', organizationId: 'Organization', articleId: 'Article',
    licenseId: 'License', userId: 'User', productGroupId: 'Product group', customerId: 'Customer', resellerId: 'Reseller',
    subscriptionId: 'Subscription', name: 'Name', email: 'E-mail', locale: 'Language', role: 'Role', code: 'Code', kind: 'Kind',
    status: 'Status', interval: 'Billing interval', currency: 'Currency', demoDays: 'Demo days', minSeats: 'Seats at least',
    maxSeats: 'Seats at most', termMonths: 'Terms (months)', articleKinds: 'Article kinds', message: 'Message',
    period: 'Billing month', restrictedAt: 'Restricted', retainUntil: 'Retain until', subjectKind: 'Subject (kind)',
    subjectHash: 'Subject checksum', pseudonym: 'Pseudonym', requestedAt: 'Requested', approvedAt: 'Approved',
    executedAt: 'Executed', quantity: 'Quantity', unitPriceCents: 'Unit price', customerNumber: 'Customer number',
    description: 'Description', ref: 'Reference', value: 'Value', type: 'Type', mode: 'Statement mode', days: 'Days',
    length: 'Count', from: 'From', to: 'To',
  },
  resources: {
    organizations: {
      name: 'Organizations', one: 'Organization',
      properties: {
        views: 'Views', parentId: 'Parent organization', dataPolicy: 'Data policy', statementMode: 'Statement mode',
        billingEmail: 'Billing e-mail', contactEmail: 'Contact e-mail', street: 'Street', zip: 'Zip code', city: 'City', country: 'Country',
        supportContact: 'Support contact', freeKeyQuota: 'Free key quota', logo: 'Logo', logoContentType: 'Logo format', billingRecipient: 'Billing recipient',
      },
    },
    users: {
      name: 'Users', one: 'User',
      properties: {
        passwordHash: 'Password hash', isDpo: 'Data-protection officer', lastLoginAt: 'Last login',
        passwordChangeRequired: 'Must change password', password: 'Initial password',
      },
    },
    memberships: { name: 'Memberships', one: 'Membership', properties: {} },
    articles: { name: 'Articles', one: 'Article', properties: { priceCents: 'Price' } },
    product_groups: { name: 'Product groups', one: 'Product group', properties: { customerTrials: 'Two trial licenses for new customers' } },
    product_group_grants: { name: 'Grants', one: 'Grant', properties: { grantedById: 'Granted by' } },
    software_releases: {
      name: 'Software releases', one: 'Software release',
      properties: { productLine: 'Product line', version: 'Version', releasedOn: 'Released', fileUrl: 'Download address', sha256: 'SHA-256' },
    },
    tickets: {
      name: 'Tickets', one: 'Ticket',
      properties: { assignedUserId: 'Assigned to', poolRef: 'Pool', redeemedAt: 'Redeemed' },
    },
    licenses: {
      name: 'Licenses', one: 'License',
      properties: {
        licenseKey: 'License key', seats: 'Seats', device: 'Device', activatedAt: 'Activated', expiresOn: 'Expires',
        serviceUntil: 'Service until', drawnFromId: 'Drawn from', quotaOrganizationId: 'Quota of', history: 'History', daysLeft: 'Days left', runtime: 'Runtime',
      },
    },
    subscriptions: {
      name: 'Subscriptions', one: 'Subscription',
      properties: {
        startDate: 'Start', autoRenew: 'Renews', terminatedOn: 'Terminated as of', cancelledOn: 'Cancelled',
        cancelReason: 'Cancellation reason', replacedById: 'Replaced by',
      },
    },
    audit_events: {
      name: 'Audit entries', one: 'Audit entry',
      properties: { at: 'Time', action: 'Action', resource: 'Area', recordId: 'Record', details: 'Details' },
    },
    statements: {
      name: 'Statements', one: 'Statement',
      properties: {
        resellerRef: 'Reseller reference', resellerName: 'Reseller name', billingEmail: 'Billing e-mail', resellerCustomerNumber: 'Reseller customer number',
        resellerStreet: 'Street', resellerZip: 'Zip code', resellerCity: 'City', resellerCountry: 'Country', resellerLogoContentType: 'Logo format',
        mailTo: 'Sent to', totalCents: 'Total', issuedAt: 'Issued', runId: 'Run', mailStatus: 'Mail status',
        mailAttempts: 'Mail attempts', nextMailAttemptAt: 'Next attempt', mailedAt: 'Mailed', mailError: 'Mail error', messageId: 'Message-ID',
      },
    },
    statement_lines: {
      name: 'Statement lines', one: 'Statement line',
      properties: {
        statementId: 'Statement', lineType: 'Line type', chargedPeriod: 'Charged month', subscriptionRef: 'Subscription reference',
        customerName: 'Customer name', articleCode: 'Article code', articleName: 'Article name', fromDate: 'From', toDate: 'To', amountCents: 'Amount',
      },
    },
    statement_runs: {
      name: 'Statement runs', one: 'Statement run',
      properties: { trigger: 'Trigger', startedAt: 'Started', finishedAt: 'Finished', issuedCount: 'Issued', sentCount: 'Sent', error: 'Error' },
    },
    erasure_requests: {
      name: 'Erasure requests', one: 'Erasure request',
      properties: {
        subjectId: 'Subject (no.)', subjectLabel: 'Subject', reason: 'Reason', requestedBy: 'Requested by', approvedBy: 'Approved by',
        dueAt: 'Due', rejectedBy: 'Rejected by', rejectedAt: 'Rejected', executedBy: 'Executed by',
      },
    },
    erasure_certificates: {
      name: 'Erasure certificates', one: 'Erasure certificate',
      properties: {
        requestId: 'Erasure request', actors: 'People involved', deleted: 'Deleted', pseudonymized: 'Pseudonymized', retained: 'Retained', issuedAt: 'Issued',
      },
    },
    custom_property_definitions: { name: 'Custom fields', one: 'Custom field', properties: { choices: 'Choices', visibleToCustomer: 'Visible to the customer' } },
    custom_property_values: { name: 'Custom field values', one: 'Custom field value', properties: { definitionId: 'Field' } },
    invitations: {
      name: 'Invitations', one: 'Invitation',
      properties: { tokenHash: 'Token hash', invitedBy: 'Invited by', expiresAt: 'Valid until', acceptedAt: 'Accepted', acceptedUserId: 'Accepted by' },
    },
    offer_requests: {
      name: 'Offer requests', one: 'Offer request',
      properties: { requestedBy: 'Requested by', mailedTo: 'Sent to', answer: 'Answer', answeredBy: 'Answered by', answeredAt: 'Answered' },
    },
    support_messages: {
      name: 'Support messages', one: 'Support message',
      properties: {
        threadId: 'Thread', handlerOrganizationId: 'Handled by', authorUserId: 'Written by', authorOrganizationId: 'Author organization',
      },
    },
    reseller_prices: { name: 'Reseller prices', one: 'Reseller price', properties: {} },
    webhook_endpoints: {
      name: 'Webhooks', one: 'Webhook',
      properties: { view: 'View', url: 'Address', events: 'Events', secretSealed: 'Secret (sealed)', active: 'Active' },
    },
    webhook_deliveries: {
      name: 'Webhook deliveries', one: 'Webhook delivery',
      properties: {
        endpointId: 'Webhook', event: 'Event', payload: 'Payload', attempts: 'Attempts', nextAttemptAt: 'Next attempt',
        lastStatus: 'Last response', lastError: 'Last error', deliveredAt: 'Delivered',
      },
    },
    api_tokens: {
      name: 'API tokens', one: 'API token',
      properties: {
        view: 'View', tokenHash: 'Token hash', expiresOn: 'Valid until', createdBy: 'Created by', revokedAt: 'Revoked',
        lastUsedAt: 'Last used', windowStartedAt: 'Rate window from', windowCount: 'Requests in the window',
      },
    },
  },
  actions: {
    new: 'Create new', edit: 'Edit', show: 'Show', delete: 'Delete', bulkDelete: 'Delete all', list: 'List', search: 'Search',
    import: 'ERP import', uploadLogo: 'Upload logo',
    generateTickets: 'Generate tickets', passDown: 'Pass down', assign: 'Assign', redeem: 'Redeem',
    activate: 'Activate', transfer: 'Transfer', restore: 'Restore', destroy: 'Destroy', drawFreeKey: 'Draw free key',
    extendRuntime: 'Extend runtime', download: 'Download', history: 'History', requestOffer: 'Request offer', requestSupport: 'Request support',
    terminate: 'Terminate', cancel: 'Cancel',
    downloadPdf: 'Download PDF', downloadCsv: 'Download CSV', resend: 'Send again',
    approve: 'Approve', reject: 'Reject', executeNow: 'Execute now', certificate: 'Certificate', export: 'Subject access (Art. 15)',
    answer: 'Answer', reply: 'Reply', report: 'License report', revoke: 'Revoke',
  },
  values: {
    views: {
      vendor: 'Vendor', distributor: 'Distributor', reseller: 'Reseller', service_provider: 'Service provider',
      system_integrator: 'System integrator', partner: 'Partner', customer: 'Customer', dpo: 'Data protection',
    },
    dataPolicy: { pseudonymous: 'pseudonymous', full: 'full' },
    statementMode: { prorated: 'prorated', cutoff: 'cutoff day' },
    locale: { de: 'German', en: 'English' },
    role: { admin: 'Admin', member: 'Member', guest: 'Guest', 'read-only': 'read only' },
    kind: { full: 'Perpetual', demo: 'Demo', subscription: 'Subscription', nfr: 'NFR', alm: 'ALM' },
    status: {
      inactive: 'inactive', active: 'active', recalled: 'recalled', expired: 'expired', destroyed: 'destroyed',
      open: 'open', assigned: 'assigned', redeemed: 'redeemed', running: 'running', done: 'done', failed: 'failed',
      pending: 'pending', delivered: 'delivered', requested: 'requested', approved: 'approved', executed: 'executed', rejected: 'rejected',
    },
    interval: { month: 'monthly', year: 'yearly' },
    cancelReason: { reversal: 'Reversal', exchange: 'Exchange' },
    mode: { prorated: 'prorated', cutoff: 'cutoff day' },
    mailStatus: { pending: 'pending', sent: 'sent', failed: 'failed', no_address: 'no address' },
    lineType: { charge: 'Charge', adjustment: 'Adjustment' },
    trigger: { schedule: 'Schedule', cli: 'Command line', panel: 'Portal' },
    subjectKind: { org: 'Organization', user: 'Person' },
    type: { text: 'Text', number: 'Number', date: 'Date', boolean: 'Yes/no', choice: 'Choice' },
    event: { 'license.created': 'License created', 'license.changed': 'License changed', 'subscription.changed': 'Subscription changed', 'statement.issued': 'Statement issued' },
  },
  units: { days: 'days', months: 'months' },
  help: {
    statementModeHelp: 'How the reseller\'s monthly statement charges: prorated – a subscription that starts or ends inside the month costs price × quantity × active days ÷ days in the month; cutoff day – every subscription active on the cutoff day costs the full monthly price.',
    dataPolicyHelp: 'What the portal keeps about this customer: pseudonymous – the customer number only, no address or e-mail; full – name, address and contacts. The vendor decides.',
  },
  adminjs: {
    loginHeader: 'Channel License Portal',
    loginMessage: 'Licenses, subscriptions and statements of your sales channel in one place.',
    email: 'E-mail address',
    password: 'Password',
    loginButton: 'Log in',
    invalidCredentials: 'Wrong e-mail address or password.',
    dashboard: 'Start',
    welcomeTitle: 'Welcome',
    welcomeSubtitle: 'Your overview is loading.',
    noRecords: 'No records',
    noRecordsInResource: 'There are no records here yet.',
    cancel: 'Cancel',
  },
  portal: {
    contextLabel: 'Organization and view',
    languageLabel: 'Language',
    actingAs: 'You act as {{organization}} – view {{view}}, role {{role}}.',
    yourScreens: 'Your screens',
    support: 'Support',
    nothingChanged: 'Nothing was changed: {{reason}}',
    nothingSaved: 'Nothing was saved:\n{{reason}}',
    closeNotice: 'Click to close',
    askDevice: 'Device to activate the license on:',
    askTransferDevice: 'Device to transfer the license to:',
    askCancelReason: 'Reason of the cancellation: reversal (the purchase is undone) or exchange (another subscription replaces it):',
    askReplacedBy: 'Id of the subscription that replaces it (it starts on the exchange day):',
    askArticle: 'Id of the article the tickets are for (Catalog → articles):',
    askTicketOrganization: 'Id of the organization to hold the tickets:',
    askTicketCount: 'How many tickets (1 to 10000):',
    askPassDownOrganization: 'Id of the organization below to pass the ticket to:',
    askAssignUser: 'Id of the user to assign the ticket to (empty: take it back):',
    askOfferMessage: 'What should the non-binding service offer cover? (sent to vendor sales)',
    askSupportMessage: 'Describe the problem (sent to your support contact):',
    askExtendDays: 'Extend a demo license by how many days? (leave empty to extend another license by months)',
    askExtendMonths: 'Extend by how many months?',
    askAnswer: 'Answer to the requester:',
    askReply: 'Your reply:',
  },
};
