// The panel's wording in German: the reference for the English texts (templates/panel-en.ts must
// have exactly these keys, see PanelTexts), mapped onto AdminJS's translation keys by admin/panel-locale.ts.
// `{{name}}` marks a value filled in where the text is shown.
import type { PanelShape } from './panel-texts.ts';

export const PANEL_DE = {
  /** Sidebar groups (admin/resources.ts NAVIGATION). */
  navigation: {
    Channel: 'Vertriebskanal', Catalog: 'Katalog', Licensing: 'Lizenzen', Audit: 'Protokoll', Billing: 'Abrechnung', 'Data protection': 'Datenschutz', Integration: 'Anbindung',
  },
  /** Field names shared by several resources; a resource's own `properties` come first. */
  properties: {
    id: 'Nr.', createdAt: 'Angelegt am', updatedAt: 'Geändert am', organizationId: 'Organisation', articleId: 'Artikel',
    licenseId: 'Lizenz', userId: 'Benutzer', productGroupId: 'Produktgruppe', customerId: 'Kunde', resellerId: 'Händler',
    subscriptionId: 'Abonnement', name: 'Name', email: 'E-Mail', locale: 'Sprache', role: 'Rolle', code: 'Code', kind: 'Art',
    status: 'Status', interval: 'Abrechnungsintervall', currency: 'Währung', demoDays: 'Testtage', minSeats: 'Plätze mindestens',
    maxSeats: 'Plätze höchstens', termMonths: 'Laufzeiten (Monate)', articleKinds: 'Artikelarten', message: 'Nachricht',
    period: 'Abrechnungsmonat', restrictedAt: 'Eingeschränkt am', retainUntil: 'Aufbewahren bis', subjectKind: 'Betroffener (Art)',
    subjectHash: 'Prüfsumme des Betroffenen', pseudonym: 'Pseudonym', requestedAt: 'Beantragt am', approvedAt: 'Genehmigt am',
    executedAt: 'Ausgeführt am', quantity: 'Menge', unitPriceCents: 'Einzelpreis', customerNumber: 'Kundennummer',
    description: 'Beschreibung', ref: 'Referenz', value: 'Wert', type: 'Typ', mode: 'Abrechnungsart', days: 'Tage', months: 'Monate',
    length: 'Anzahl', from: 'Von', to: 'Bis',
  },
  resources: {
    organizations: {
      name: 'Organisationen', one: 'Organisation',
      properties: {
        views: 'Sichten', parentId: 'Übergeordnete Organisation', dataPolicy: 'Datenhaltung', statementMode: 'Abrechnungsart',
        billingEmail: 'Rechnungs-E-Mail', contactEmail: 'Kontakt-E-Mail', street: 'Straße', zip: 'PLZ', city: 'Ort', country: 'Land',
        supportContact: 'Support-Kontakt', freeKeyQuota: 'Kontingent freier Schlüssel', logo: 'Logo', logoContentType: 'Logo-Format', billingRecipient: 'Rechnungsempfänger',
      },
    },
    users: {
      name: 'Benutzer', one: 'Benutzer',
      properties: {
        passwordHash: 'Passwort-Hash', isDpo: 'Datenschutzbeauftragte(r)', lastLoginAt: 'Letzte Anmeldung',
        passwordChangeRequired: 'Muss Passwort ändern', password: 'Anfangspasswort',
      },
    },
    memberships: { name: 'Mitgliedschaften', one: 'Mitgliedschaft', properties: {} },
    articles: { name: 'Artikel', one: 'Artikel', properties: { priceCents: 'Preis' } },
    product_groups: { name: 'Produktgruppen', one: 'Produktgruppe', properties: { customerTrials: 'Zwei Testlizenzen für neue Kunden' } },
    product_group_grants: { name: 'Freigaben', one: 'Freigabe', properties: { grantedById: 'Freigegeben von' } },
    software_releases: {
      name: 'Software-Versionen', one: 'Software-Version',
      properties: { productLine: 'Produktlinie', version: 'Version', releasedOn: 'Erschienen am', fileUrl: 'Download-Adresse', sha256: 'SHA-256' },
    },
    tickets: {
      name: 'Tickets', one: 'Ticket',
      properties: { assignedUserId: 'Zugewiesen an', poolRef: 'Pool', redeemedAt: 'Eingelöst am' },
    },
    licenses: {
      name: 'Lizenzen', one: 'Lizenz',
      properties: {
        licenseKey: 'Lizenzschlüssel', seats: 'Plätze', device: 'Gerät', activatedAt: 'Aktiviert am', expiresOn: 'Läuft ab am',
        serviceUntil: 'Service bis', drawnFromId: 'Gezogen aus', quotaOrganizationId: 'Kontingent von', history: 'Verlauf', daysLeft: 'Resttage', runtime: 'Laufzeit',
      },
    },
    subscriptions: {
      name: 'Abonnements', one: 'Abonnement',
      properties: {
        startDate: 'Beginn', autoRenew: 'Verlängert sich', terminatedOn: 'Gekündigt zum', cancelledOn: 'Storniert am',
        cancelReason: 'Stornogrund', replacedById: 'Ersetzt durch',
      },
    },
    audit_events: {
      name: 'Protokolleinträge', one: 'Protokolleintrag',
      properties: { at: 'Zeitpunkt', action: 'Aktion', resource: 'Bereich', recordId: 'Datensatz', details: 'Einzelheiten' },
    },
    statements: {
      name: 'Abrechnungen', one: 'Abrechnung',
      properties: {
        resellerRef: 'Händler-Referenz', resellerName: 'Händlername', billingEmail: 'Rechnungs-E-Mail', resellerCustomerNumber: 'Kundennummer des Händlers',
        resellerStreet: 'Straße', resellerZip: 'PLZ', resellerCity: 'Ort', resellerCountry: 'Land', resellerLogoContentType: 'Logo-Format',
        mailTo: 'Versand an', totalCents: 'Summe', issuedAt: 'Erstellt am', runId: 'Lauf', mailStatus: 'Versandstatus',
        mailAttempts: 'Versandversuche', nextMailAttemptAt: 'Nächster Versuch', mailedAt: 'Versandt am', mailError: 'Versandfehler', messageId: 'Message-ID',
      },
    },
    statement_lines: {
      name: 'Abrechnungspositionen', one: 'Abrechnungsposition',
      properties: {
        statementId: 'Abrechnung', lineType: 'Positionsart', chargedPeriod: 'Berechneter Monat', subscriptionRef: 'Abonnement-Referenz',
        customerName: 'Kundenname', articleCode: 'Artikelcode', articleName: 'Artikelname', fromDate: 'Von', toDate: 'Bis', amountCents: 'Betrag',
      },
    },
    statement_runs: {
      name: 'Abrechnungsläufe', one: 'Abrechnungslauf',
      properties: { trigger: 'Auslöser', startedAt: 'Begonnen', finishedAt: 'Beendet', issuedCount: 'Erstellt', sentCount: 'Versandt', error: 'Fehler' },
    },
    erasure_requests: {
      name: 'Löschanträge', one: 'Löschantrag',
      properties: {
        subjectId: 'Betroffener (Nr.)', subjectLabel: 'Betroffener', reason: 'Begründung', requestedBy: 'Beantragt von', approvedBy: 'Genehmigt von',
        dueAt: 'Fällig am', rejectedBy: 'Abgelehnt von', rejectedAt: 'Abgelehnt am', executedBy: 'Ausgeführt von',
      },
    },
    erasure_certificates: {
      name: 'Löschnachweise', one: 'Löschnachweis',
      properties: {
        requestId: 'Löschantrag', actors: 'Beteiligte', deleted: 'Gelöscht', pseudonymized: 'Pseudonymisiert', retained: 'Aufbewahrt', issuedAt: 'Ausgestellt am',
      },
    },
    custom_property_definitions: { name: 'Eigene Felder', one: 'Eigenes Feld', properties: { choices: 'Auswahlwerte', visibleToCustomer: 'Für Kunden sichtbar' } },
    custom_property_values: { name: 'Werte eigener Felder', one: 'Wert eines eigenen Felds', properties: { definitionId: 'Feld' } },
    invitations: {
      name: 'Einladungen', one: 'Einladung',
      properties: { tokenHash: 'Token-Hash', invitedBy: 'Eingeladen von', expiresAt: 'Gültig bis', acceptedAt: 'Angenommen am', acceptedUserId: 'Angenommen von' },
    },
    offer_requests: {
      name: 'Angebotsanfragen', one: 'Angebotsanfrage',
      properties: { requestedBy: 'Angefragt von', mailedTo: 'Gesendet an', answer: 'Antwort', answeredBy: 'Beantwortet von', answeredAt: 'Beantwortet am' },
    },
    support_messages: {
      name: 'Support-Nachrichten', one: 'Support-Nachricht',
      properties: {
        threadId: 'Gesprächsverlauf', handlerOrganizationId: 'Bearbeitet von', authorUserId: 'Verfasst von', authorOrganizationId: 'Organisation des Verfassers',
      },
    },
    reseller_prices: { name: 'Händlerpreise', one: 'Händlerpreis', properties: {} },
    webhook_endpoints: {
      name: 'Webhooks', one: 'Webhook',
      properties: { view: 'Sicht', url: 'Adresse', events: 'Ereignisse', secretSealed: 'Geheimnis (versiegelt)', active: 'Aktiv' },
    },
    webhook_deliveries: {
      name: 'Webhook-Zustellungen', one: 'Webhook-Zustellung',
      properties: {
        endpointId: 'Webhook', event: 'Ereignis', payload: 'Inhalt', attempts: 'Versuche', nextAttemptAt: 'Nächster Versuch',
        lastStatus: 'Letzte Antwort', lastError: 'Letzter Fehler', deliveredAt: 'Zugestellt am',
      },
    },
    api_tokens: {
      name: 'API-Tokens', one: 'API-Token',
      properties: {
        view: 'Sicht', tokenHash: 'Token-Prüfsumme', expiresOn: 'Gültig bis', createdBy: 'Angelegt von', revokedAt: 'Widerrufen am',
        lastUsedAt: 'Zuletzt benutzt', windowStartedAt: 'Zählfenster ab', windowCount: 'Anfragen im Zählfenster',
      },
    },
  },
  /** Action names: AdminJS's own and every custom action of admin/resources.ts. */
  actions: {
    new: 'Neu anlegen', edit: 'Bearbeiten', show: 'Anzeigen', delete: 'Löschen', bulkDelete: 'Alle löschen', list: 'Liste', search: 'Suchen',
    import: 'ERP-Import', uploadLogo: 'Logo hochladen',
    generateTickets: 'Tickets erzeugen', passDown: 'Weitergeben', assign: 'Zuweisen', redeem: 'Einlösen',
    activate: 'Aktivieren', transfer: 'Übertragen', restore: 'Wiederherstellen', destroy: 'Vernichten', drawFreeKey: 'Freien Schlüssel ziehen',
    extendRuntime: 'Laufzeit verlängern', download: 'Herunterladen', history: 'Verlauf', requestOffer: 'Angebot anfragen', requestSupport: 'Support anfragen',
    terminate: 'Kündigen', cancel: 'Stornieren',
    previewPdf: 'PDF ansehen', previewMail: 'E-Mail ansehen', previewCertificate: 'Löschnachweis ansehen',
    downloadPdf: 'PDF herunterladen', downloadCsv: 'CSV herunterladen', resend: 'Erneut senden',
    approve: 'Genehmigen', reject: 'Ablehnen', executeNow: 'Jetzt ausführen', certificate: 'Löschnachweis', export: 'Auskunft (Art. 15)',
    answer: 'Beantworten', reply: 'Antworten', report: 'Lizenzbericht', revoke: 'Widerrufen',
  },
  /** The values of models/domain/values.ts, per field name (articleKinds reads kind's). */
  values: {
    views: {
      vendor: 'Hersteller', distributor: 'Distributor', reseller: 'Händler', service_provider: 'Dienstleister',
      system_integrator: 'Systemintegrator', partner: 'Partner', customer: 'Kunde', dpo: 'Datenschutz',
    },
    dataPolicy: { pseudonymous: 'pseudonym', full: 'vollständig' },
    statementMode: { prorated: 'taggenau', cutoff: 'Stichtag' },
    locale: { de: 'Deutsch', en: 'Englisch' },
    role: { admin: 'Administrator', member: 'Mitglied', guest: 'Gast', 'read-only': 'nur lesen' },
    kind: { full: 'Kauflizenz', demo: 'Testlizenz', subscription: 'Abonnement', nfr: 'NFR', alm: 'ALM' },
    status: {
      inactive: 'inaktiv', active: 'aktiv', recalled: 'zurückgerufen', expired: 'abgelaufen', destroyed: 'vernichtet',
      open: 'offen', assigned: 'zugewiesen', redeemed: 'eingelöst', running: 'läuft', done: 'fertig', failed: 'fehlgeschlagen',
      pending: 'ausstehend', delivered: 'zugestellt', requested: 'beantragt', approved: 'genehmigt', executed: 'ausgeführt', rejected: 'abgelehnt',
    },
    interval: { month: 'monatlich', year: 'jährlich' },
    cancelReason: { reversal: 'Rückabwicklung', exchange: 'Umtausch' },
    mode: { prorated: 'taggenau', cutoff: 'Stichtag' },
    mailStatus: { pending: 'ausstehend', sent: 'versandt', failed: 'fehlgeschlagen', no_address: 'keine Adresse' },
    lineType: { charge: 'Belastung', adjustment: 'Korrektur' },
    trigger: { schedule: 'Zeitplan', cli: 'Kommandozeile', panel: 'Portal' },
    subjectKind: { org: 'Organisation', user: 'Person' },
    type: { text: 'Text', number: 'Zahl', date: 'Datum', boolean: 'Ja/Nein', choice: 'Auswahl' },
    event: { 'license.created': 'Lizenz angelegt', 'license.changed': 'Lizenz geändert', 'subscription.changed': 'Abonnement geändert', 'statement.issued': 'Abrechnung ausgestellt' },
  },
  /** Units after a list of values ("14, 30, 60 Tage"). */
  units: { days: 'Tage', months: 'Monate' },
  /** Help texts beside fields whose meaning is not obvious (AdminJS property `description`). */
  help: {
    statementModeHelp: 'Wie die Monatsabrechnung des Händlers rechnet: taggenau – ein Abonnement, das im Monat beginnt oder endet, kostet Preis × Menge × aktive Tage ÷ Tage des Monats; Stichtag – jedes am Stichtag aktive Abonnement kostet den vollen Monatspreis.',
    dataPolicyHelp: 'Was das Portal über diesen Kunden speichert: pseudonym – nur die Kundennummer, ohne Anschrift und E-Mail; vollständig – Name, Anschrift und Kontakte. Die Wahl trifft der Hersteller.',
  },
  /** AdminJS's own texts the portal words for itself. */
  adminjs: {
    loginHeader: 'Channel License Portal',
    loginMessage: 'Lizenzen, Abonnements und Abrechnungen Ihres Vertriebskanals an einem Ort.',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    loginButton: 'Anmelden',
    invalidCredentials: 'E-Mail-Adresse oder Passwort ist falsch.',
    dashboard: 'Start',
    welcomeTitle: 'Willkommen',
    welcomeSubtitle: 'Ihre Übersicht wird geladen.',
    noRecords: 'Keine Einträge',
    noRecordsInResource: 'Hier gibt es noch keine Einträge.',
    cancel: 'Abbrechen',
  },
  /** The portal's own scripts (admin/public/*.js): switcher, start page, questions, notices. */
  dashboard: {
    heading: 'Übersicht',
    newSubscriptions: 'Neue Abonnements je Monat und Händler',
    statementTotals: 'Abrechnungssummen je Monat und Händler ({{currency}})',
    workerRuns: 'Letzte Läufe des Hintergrunddienstes',
    statementRuns: 'Letzte Abrechnungsläufe',
    trigger: 'Auslöser',
    issued: 'Ausgestellt',
    sent: 'Versandt',
    openOffers: 'Offene Angebotsanfragen',
    activeSubscriptions: 'Laufende Abonnements',
    lastStatements: 'Letzte Abrechnungen',
    expiringLicenses: 'Lizenzen, die in den nächsten {{days}} Tagen ablaufen',
    licensesByStatus: 'Lizenzen nach Status',
    openErasures: 'Offene Löschanträge',
    deadlineNote: 'Frist nach Art. 12 Abs. 3 DSGVO: ein Monat ab Eingang des Antrags.',
    none: 'Keine.',
    others: 'Übrige',
    numbers: 'Zahlen als Tabelle',
    month: 'Monat',
    reseller: 'Händler',
    total: 'Summe',
    job: 'Aufgabe',
    slot: 'Termin',
    status: 'Status',
    attempts: 'Versuche',
    error: 'Fehler',
    license: 'Lizenz',
    organization: 'Organisation',
    requestedOn: 'Angefragt am',
    expiresOn: 'Läuft ab am',
    daysLeft: 'Tage übrig',
    subject: 'Betroffene Person',
    receivedOn: 'Eingegangen am',
    deadline: 'Antwort bis',
    count: 'Anzahl',
    period: 'Zeitraum',
    chartLabel: '{{title}}: Balkendiagramm über {{months}} Monate',
    more: 'und {{count}} weitere',
  },
  portal: {
    selectAll: 'Alle Einträge dieser Seite auswählen',
    selectRow: 'Auswählen: {{record}}',
    closeFilter: 'Filter schließen',
    previewClose: 'Schließen',
    previewOpen: 'In neuem Tab öffnen',
    previewDownload: 'Herunterladen',
    mailTo: 'An',
    mailSubject: 'Betreff',
    mailAttachments: 'Anhänge',
    mailNoAddress: 'Der Händler hat keine Rechnungsadresse; es würde nichts versandt.',
    mailSend: 'Jetzt erneut senden',
    mailTitle: 'E-Mail vor dem Versand',
    contextLabel: 'Organisation und Sicht',
    languageLabel: 'Sprache',
    actingAs: 'Sie handeln für {{organization}} – Sicht {{view}}, Rolle {{role}}.',
    yourScreens: 'Ihre Bereiche',
    support: 'Support',
    nothingChanged: 'Nichts wurde geändert: {{reason}}',
    nothingSaved: 'Nichts wurde gespeichert:\n{{reason}}',
    closeNotice: 'Zum Schließen klicken',
    askDevice: 'Gerät, auf dem die Lizenz aktiviert wird:',
    askTransferDevice: 'Gerät, auf das die Lizenz übertragen wird:',
    askCancelReason: 'Grund der Stornierung: reversal (der Kauf wird rückgängig gemacht) oder exchange (ein anderes Abonnement ersetzt es):',
    askReplacedBy: 'Nr. des Abonnements, das es ersetzt (es beginnt am Tag des Umtauschs):',
    askArticle: 'Nr. des Artikels, für den die Tickets gelten (Katalog → Artikel):',
    askTicketOrganization: 'Nr. der Organisation, die die Tickets erhält:',
    askTicketCount: 'Wie viele Tickets (1 bis 10000):',
    askPassDownOrganization: 'Nr. der untergeordneten Organisation, an die das Ticket geht:',
    askAssignUser: 'Nr. des Benutzers, dem das Ticket zugewiesen wird (leer: zurücknehmen):',
    askOfferMessage: 'Was soll das unverbindliche Service-Angebot umfassen? (geht an den Vertrieb des Herstellers)',
    askSupportMessage: 'Beschreiben Sie das Problem (geht an Ihren Support-Kontakt):',
    askExtendDays: 'Testlizenz um wie viele Tage verlängern? (leer lassen, um eine andere Lizenz um Monate zu verlängern)',
    askExtendMonths: 'Um wie viele Monate verlängern?',
    askAnswer: 'Antwort an den Anfragenden:',
    askReply: 'Ihre Antwort:',
  },
} satisfies PanelShape;
