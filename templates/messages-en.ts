// What the portal says when it refuses, and the panel actions' notices, in English: the reference catalogue (templates/messages.ts).
// An entry is a sentence, or a function of its parameters (their types declared here) and the wording
// of the language (`w`: field names, value labels, lists, dates, money as the reader writes them).
import type { IsoDate } from '../reports/calendar.ts';
import type { Message, Wording } from './messages.ts';
import type { ForbiddenAddressKind } from '../models/domain/webhook-rules.ts';

/** Whose frame a value is checked against: the group, and the organization holding it (none: the group itself). */
export interface FrameWhere { group: string; holder: string | null }
type Values = readonly (string | number)[];
/** Why a PNG does not decode (models/domain/logo-image.ts). */
/** What a route takes as its one file (admin/body-limits.ts). */
export type UploadKind = 'logo' | 'document';
const UPLOADS: Record<UploadKind, string> = { logo: 'a logo', document: 'an ERP document' };
/** Why a PNG does not decode (models/domain/logo-image.ts). */
export type PngProblem = 'cutOff' | 'incomplete' | 'header' | 'palette' | 'undecodable' | 'size';

/** What a ticket operation asks an id of. */
export type TicketTarget = 'article' | 'holder' | 'passDownTarget';
const TICKET_TARGETS: Record<TicketTarget, string> = {
  article: 'an article', holder: 'the organization to hold the tickets', passDownTarget: 'the organization below to pass the ticket to',
};

const where = ({ group, holder }: FrameWhere) => `for ${group}${holder ? ` at ${holder}` : ''}`;
const IMPORT_HOW_TO = 'Send the ERP document as the field "document" (JSON text or an uploaded .json file) in a POST to '
  + '/admin/api/resources/organizations/actions/import, or run `npm run cli -- import <file.json>`.';
const ADDRESS_KINDS: Record<ForbiddenAddressKind | 'notIp', string> = {
  unspecified: 'an unspecified address', loopback: 'a loopback address', private: 'a private address', linkLocal: 'a link-local address',
  shared: 'a shared (CGNAT) address', multicast: 'a multicast or broadcast address', notIp: 'not an IP address',
};
const s = (n: number) => (n === 1 ? '' : 's');
const mailedEn = (to: string | null) => (to ? ` Mailed to ${to}.` : ' No mail was sent (no address, or the mail failed); it is shown in the panel.');
const importedSection = ({ section, created, updated }: { section: string; created: number; updated: number }) => `${section}: ${created} created, ${updated} updated`;
/** What an import created and updated, per section of the document. */
export type ImportCounts = Record<string, { created: number; updated: number }>;

export const MESSAGES_EN = {
  // General: a refusal naming its fields, what was not found, what is not allowed.
  fieldProblems: ({ problems }: { problems: Record<string, Message> }, w: Wording) =>
    Object.entries(problems).map(([field, problem]) => `${w.field(field)}: ${w.msg(problem)}`).join(' '),
  sentence: ({ parts }: { parts: Message[] }, w: Wording) => `${parts.map(w.msg).join('; ')}.`,
  notFound: ({ what }: { what: Message }, w: Wording) => `${w.msg(what)} cannot be found.`,
  record: ({ resource, id }: { resource: string; id?: unknown }, w: Wording) => {
    const one = w.resource(resource);
    return id === undefined ? `This ${one.toLowerCase()}` : `${one} ${String(id)}`;
  },
  licenseOperation: ({ operation }: { operation: string }) => `The license operation "${operation}"`,
  format: 'This format',
  address: ({ method, path }: { method: string; path: string }) => `${method} ${path}`,
  filterDateRange: ({ name, bound }: { name: string; bound: 'from' | 'to' | null }, w: Wording) =>
    `The filter ${w.field(name)} takes ${name}~~from and/or ${name}~~to, each a date (YYYY-MM-DD) or an ISO timestamp${bound ? `; ${bound} is not one` : ''}.`,
  filterStructured: ({ name }: { name: string }, w: Wording) => `The filter ${w.field(name)} cannot be used: it holds structured data (JSON).`,
  notAllowedHere: 'You are not allowed to do this here.',
  logInFirst: 'Log in first.',
  noAccessToResource: 'This view has no access to this resource.',
  contextUnavailable: 'This organization and view are not available to you.',
  sessionNotSaved: 'The session could not be saved.',
  ownPasswordAt: ({ path }: { path: string }) => `Choose your own password first: ${path}`,
  secondFactorAt: ({ path }: { path: string }) => `Complete the login with your second factor first: ${path}`,
  noCodeAwaited: 'No code is awaited for this session.',
  enterCodeFirst: 'Enter your code first.',
  setUpSecondFactorFirst: 'Set up your second factor first.',
  otherSite: 'This request came from another site; nothing was changed. Use the panel itself.',
  databaseAway: 'The database is not reachable at the moment; try again shortly.',
  ourFault: 'Something went wrong on our side.',
  membershipEnded: 'Your membership for this organization has ended. Choose another organization.',
  tooManyLogins: ({ minutes }: { minutes: number }) => `Too many failed login attempts. Try again in ${minutes} minute${s(minutes)}.`,
  tooManyWrongPasswords: ({ minutes }: { minutes: number }) => `Too many wrong passwords. Try again in ${minutes} minute${s(minutes)}.`,
  tooManyCodes: ({ minutes }: { minutes: number }) => `Too many wrong codes. Try again in ${minutes} minute${s(minutes)}.`,
  // A field's value (services/field-input.ts, models/domain/text-rules.ts).
  required: 'is required.',
  wholeNumber: 'must be a whole number.',
  wholeNumberAtMost: ({ max }: { max: number }) => `must be a whole number of at most ${max}.`,
  mustBeText: 'must be text.',
  mustBeEmail: 'must be an e-mail address.',
  mustBeCountry: 'must be an ISO 3166-1 alpha-2 country code such as DE.',
  mustBeCurrency: 'must be an ISO 4217 currency code such as EUR.',
  mustBeBoolean: 'must be true or false.',
  mustBeDate: 'must be a calendar date YYYY-MM-DD.',
  notWritable: 'cannot be written.',
  notAField: 'is not a field of this record.',
  mustBeList: 'must be a list.',
  listTooLong: ({ max }: { max: number }) => `may hold at most ${max} entries.`,
  listMayHold: ({ field, allowed }: { field: string; allowed: Values }, w: Wording) => `may only hold: ${w.all(allowed.map((v) => w.value(field, String(v))))}.`,
  mustBeOneOf: ({ field, allowed }: { field: string; allowed: Values }, w: Wording) => `must be one of: ${w.all(allowed.map((v) => w.value(field, String(v))))}.`,
  textTooLong: ({ max }: { max: number }) => `may have at most ${max} characters.`,
  controlCharacters: 'contains control characters.',
  codeRule: 'may hold letters, digits and . _ / - (at most 64, starting with a letter or digit).',
  // The database's own refusals (services/db-errors.ts).
  taken: 'is already taken by another record.',
  inUse: ({ table }: { table: string }) => ({
    subscriptions: 'This subscription is on issued statements (or referenced elsewhere) and cannot be deleted; cancel it instead.',
    organizations: 'This organization still has members, licenses, subscriptions or statements; it cannot be deleted.',
    articles: 'This article is still used by licenses, tickets or subscriptions; it cannot be deleted.',
    licenses: 'This license is still referenced by a ticket or subscription; it cannot be deleted.',
  } as Record<string, string>)[table] ?? 'This record is still in use by other records; remove or move those first.',
  noSuchRecord: 'refers to a record that does not exist.',
  notAllowedValue: 'is not an allowed value here.',
  outOfRange: 'A value is out of range or malformed.',
  /** Sequelize's own validation text (a model validator), passed on as it is. */
  validator: ({ text }: { text: string }) => text,
  // Field rules and row rules (models/domain/policy.ts, services/records.ts, services/row-rules.ts).
  mayNotSet: 'You may not set this field here.',
  notWritableInView: 'This field cannot be written in this view.',
  onlyVendorMoves: 'Only the vendor moves an organization in the tree.',
  chooseManagedOrganization: 'Choose an organization you manage.',
  chooseAView: 'Choose at least one view.',
  viewsAllowed: ({ allowed }: { allowed: Values }, w: Wording) => `This view may only set: ${allowed.length > 0 ? w.all(allowed.map((v) => w.value('views', String(v)))) : 'nothing'}.`,
  atMostOwnRole: 'You can hand out at most your own role.',
  onlyVendorNamesDpo: 'Only vendor staff name data-protection officers.',
  chooseVisibleRecord: 'Choose a record you can see.',
  pseudonymousField: 'is not recorded for a pseudonymous customer (data policy "pseudonymous").',
  customerBilling: 'is not recorded for a customer organization: its billing goes to the channel organization above it.',
  atLeastOne: 'must be at least 1.',
  atLeastMinSeats: ({ min }: { min: number }) => `must be at least the minimum seats (${min}).`,
  choicesListed: 'lists the values a choice property offers (at least one).',
  choicesOnlyForChoice: 'only a property of type choice has choices.',
  higherRole: 'This membership holds a higher role than yours; you cannot change or remove it.',
  onlyGranterChanges: 'Only the organization that granted this product group changes or withdraws the grant.',
  accountElsewhere: 'This account also belongs to organizations outside yours; change its role or remove its membership instead.',
  onlyAdminInvites: 'Only an organization admin invites people.',
  chooseRole: 'Choose admin, member or guest.',
  enterEmail: 'Enter a valid e-mail address.',
  // The product-group frame (models/domain/frame.ts): each problem names its field and whose frame it is.
  seatsBetween: ({ field, min, max, at }: { field: string; min: number; max: number; at: FrameWhere }, w: Wording) => `${w.field(field)} must be between ${min} and ${max} ${where(at)}`,
  seatsAtLeast: ({ field, min, at }: { field: string; min: number; at: FrameWhere }, w: Wording) => `${w.field(field)} must be at least ${min} ${where(at)}`,
  noSeatsAllowed: ({ field, at }: { field: string; at: FrameWhere }, w: Wording) => `${w.field(field)}: no seat count is allowed ${where(at)}`,
  noSeatsHeld: ({ field, at }: { field: string; at: FrameWhere }, w: Wording) => `${w.field(field)}: no seat count is held ${where(at)}`,
  mustBeOneOfFrame: ({ field, allowed, at }: { field: string; allowed: Values; at: FrameWhere }, w: Wording) => `${w.field(field)} must be one of ${w.oneOf(allowed)} ${where(at)}`,
  noValueAllowed: ({ field, at }: { field: string; at: FrameWhere }, w: Wording) => `${w.field(field)}: no value is allowed ${where(at)}`,
  kindNotAllowed: ({ field, kind, allowed, at }: { field: string; kind: string; allowed: readonly string[]; at: FrameWhere }, w: Wording) =>
    `${w.field(field)}: ${w.value('kind', kind)} articles are not allowed ${where(at)}${allowed.length > 0 ? ` (allowed kinds: ${w.all(allowed.map((k) => w.value('kind', k)))})` : ' (no kind is allowed)'}`,
  subscriptionLicenseElsewhere: ({ field }: { field: string }, w: Wording) => `${w.field(field)}: a subscription license comes with its subscription: book the subscription instead`,
  nfrFromVendor: ({ field }: { field: string }, w: Wording) => `${w.field(field)}: an NFR license (not for resale) is given by the vendor`,
  demoDaysRequired: ({ allowed, at }: { allowed: Values; at: FrameWhere }, w: Wording) =>
    `${w.field('demoDays')} is required for a demo license: ${allowed.length > 0 ? `one of ${w.oneOf(allowed)}` : 'none is allowed'} ${where(at)}`,
  demoDaysOnlyDemo: (_: undefined, w: Wording) => `${w.field('demoDays')}: only a demo license has demo days`,
  notASubscriptionArticle: ({ kind }: { kind: string }, w: Wording) => `${w.field('articleId')}: a ${w.value('kind', kind)} article is not booked as a subscription; choose a subscription article`,
  mayOnlyHoldFrame: ({ field, allowed, at }: { field: string; allowed: Values; at: FrameWhere }, w: Wording) =>
    `${w.field(field)} may only hold ${w.all(field === 'articleKinds' ? allowed.map((k) => w.value('kind', String(k))) : allowed)} ${where(at)}`,
  noValueHeld: ({ field, at }: { field: string; at: FrameWhere }, w: Wording) => `${w.field(field)}: no value is held ${where(at)}`,
  maxAtLeastMin: ({ min }: { min: number }, w: Wording) => `${w.field('maxSeats')} must be at least ${w.field('minSeats')} (${min})`,
  noBillingInterval: ({ article }: { article: string }, w: Wording) => `${w.field('articleId')}: ${article} has no billing interval; ask the vendor`,
  articleNotHeld: ({ article }: { article: string }) => `${article} is in no product group your organization holds.`,
  // Licenses (models/domain/license-lifecycle.ts, licensing-rules.ts, license-runtime.ts; services/licenses.ts …).
  keyDestroyed: 'This license key was destroyed.',
  onRecall: 'This license is on recall and will be removed.',
  licenseExpired: 'This license has expired.',
  alreadyActive: ({ device }: { device: string | null }) => `This license is already active on ${device ?? ''}; transfer it instead.`,
  nameDeviceActivate: 'Name the device to activate on.',
  onlyActiveTransferred: 'Only an active license can be transferred.',
  nameDeviceTransfer: 'Name the device to transfer to.',
  sameDevice: 'The license is already on this device.',
  onlyActiveRestored: 'Only an active license can be restored.',
  deviceName: ({ max }: { max: number }) => `must be a device name of at most ${max} characters.`,
  featureMatrix: ({ view, operation }: { view: string; operation: string }, w: Wording) =>
    `The ${w.value('views', view).replace('_', ' ')} view may not ${operation} this license here: the feature matrix gives it to the license holder's own organization.`,
  freeKeyMatrix: ({ view }: { view: string }, w: Wording) =>
    `The ${w.value('views', view).replace('_', ' ')} view may not draw free keys from this license here: the feature matrix gives it to the license holder's own organization.`,
  freeKeysOnlyAlm: 'Free additional keys come only with Annual License Model (ALM) licenses.',
  freeKeyItself: 'This is a free additional key itself; draw from the ALM license it came from.',
  almOutOfUse: 'This ALM license is no longer in use; no free keys are drawn from it.',
  noQuota: ({ holder }: { holder: string }) => `${holder} has no quota of free additional keys.`,
  quotaUsedUp: ({ holder, used, quota }: { holder: string; used: number; quota: number }) => `The quota of free additional keys of ${holder} is used up (${used} of ${quota}).`,
  runsWithSubscription: 'A subscription license runs with its subscription: book or renew the subscription instead.',
  nfrRenewsItself: 'An NFR license (not for resale) is the vendor\'s; it renews itself.',
  noExpiry: 'This license has no expiry date: its runtime never ends and is not extended.',
  outOfUse: ({ status }: { status: string }, w: Wording) => `A ${w.value('status', status)} license is out of use; its runtime is not extended.`,
  extendedBy: ({ field, kind, unit }: { field: string; kind: string; unit: string }, w: Wording) => `${w.field(field)}: ${w.value('kind', kind)} licenses are extended by ${w.field(unit)}`,
  extensionRequired: ({ unit, kind, allowed, max, at }: { unit: string; kind: string; allowed: Values | null; max: number; at: FrameWhere | null }, w: Wording) =>
    `${w.field(unit)} is required to extend a ${w.value('kind', kind)} license: ${allowed ? (allowed.length > 0 ? `one of ${w.oneOf(allowed)}` : 'none is allowed') : `1 to ${max}`}${at ? ` ${where(at)}` : ''}`,
  extensionBetween: ({ unit, max }: { unit: string; max: number }, w: Wording) => `${w.field(unit)} must be between 1 and ${max}`,
  resellerExtends: 'A reseller extends the runtime of its customers\' licenses, in its own reseller view.',
  chooseCustomer: 'Choose one of your customers.',
  // Subscriptions (models/domain/subscription-rules.ts, services/subscriptions.ts).
  cancelledOn: ({ on }: { on: IsoDate }, w: Wording) => `This subscription was cancelled on ${w.date(on)}.`,
  terminatedAlready: ({ on }: { on: IsoDate }, w: Wording) => `This subscription was terminated on ${w.date(on)} already.`,
  beforeStart: ({ step, start }: { step: 'termination' | 'reversal' | 'cancellation'; start: IsoDate }, w: Wording) => `A ${step} cannot be dated before the subscription's start (${w.date(start)}).`,
  backdated: ({ step, today }: { step: 'termination' | 'reversal' | 'cancellation'; today: IsoDate }, w: Wording) => `A ${step} cannot be backdated (today is ${w.date(today)}); ask the vendor for a correction.`,
  reversalWindow: ({ days, until }: { days: number; until: IsoDate }, w: Wording) => `A purchase can be reversed within ${days} days of its start (until ${w.date(until)}); terminate it instead, or ask the vendor.`,
  startBeforeToday: ({ today }: { today: IsoDate }, w: Wording) => `${w.field('startDate')} cannot be before today (${w.date(today)}); ask the vendor for a booking back in time`,
  wholeYears: (_: undefined, w: Wording) => `${w.field('termMonths')} must be a whole number of years (12, 24 …) for a yearly-billed article`,
  replacesItself: 'a subscription cannot replace itself.',
  replacementOtherCustomer: 'the replacement must be a subscription of the same customer.',
  replacementCancelled: ({ on }: { on: IsoDate }, w: Wording) => `the replacement was cancelled on ${w.date(on)}.`,
  replacementStart: ({ start, on }: { start: IsoDate; on: IsoDate }, w: Wording) =>
    `the replacement starts on ${w.date(start)}, the exchange is on ${w.date(on)}; an exchange ends the subscription on the day its replacement starts.`,
  onlyExchangeReplaced: 'only an exchange names a replacement.',
  namesReplacement: 'names the subscription that replaces the exchanged one (its id).',
  chooseVisibleSubscription: 'Choose a subscription you can see.',
  // Tickets (models/domain/ticket-rules.ts, ticket-code.ts, services/tickets.ts).
  ticketCount: ({ max }: { max: number }) => `must be a whole number from 1 to ${max}.`,
  onlyHolder: ({ step }: { step: 'passDown' | 'assign' | 'redeem' }) =>
    `Only the organization holding a ticket ${{ passDown: 'passes it down', assign: 'assigns it', redeem: 'redeems it' }[step]}; this ticket is held by an organization below yours.`,
  ticketRedeemed: ({ license, step }: { license: number | null; step: 'passDown' | 'assign' | 'redeem' }) =>
    `This ticket was redeemed${license ? ` into license #${license}` : ''}; it cannot be ${{ passDown: 'passed down', assign: 'assigned', redeem: 'redeemed' }[step]} any more.`,
  takeBackFirst: 'This ticket is assigned to a user of its holder; take it back first (assign without a user), then pass it down.',
  heldAlready: 'The ticket is held by this organization already; choose one below it.',
  chooseBelowHolder: 'Choose an organization below the ticket\'s holder.',
  holdsNoPools: ({ views }: { views: readonly string[] }, w: Wording) => `This organization holds no ticket pools (views ${w.all(views.map((v) => w.value('views', v)))} do).`,
  notAssigned: 'This ticket is not assigned to anyone.',
  onlyAdminTakesBack: 'Only an admin takes back a ticket assigned to someone else.',
  assignedToThisUser: 'This ticket is assigned to this user already.',
  onlyAdminReassigns: 'This ticket is assigned to someone else; only an admin reassigns it.',
  chooseHolderUser: 'Choose a user of the organization holding the ticket.',
  guestOnlyReads: 'A guest only reads; assign the ticket to a member or an admin.',
  redeemFromHolder: 'A ticket is redeemed by the users of the organization holding it; acting in this organization\'s context from above, you do not hold its view.',
  assignedToAnother: 'This ticket is assigned to another user; only that user or an admin redeems it.',
  noDemoDuration: 'This demo article\'s product group allows no demo duration, so its ticket cannot become a license; ask the vendor.',
  idRequired: ({ what }: { what: TicketTarget }) => `is required: choose ${TICKET_TARGETS[what]}.`,
  idMalformed: ({ what }: { what: TicketTarget }) => `must be the id of ${TICKET_TARGETS[what]}.`,
  ticketCountRequired: ({ max }: { max: number }) => `is required: how many tickets to generate (1 to ${max}).`,
  noArticle: 'refers to no article.',
  noOrganization: 'refers to no organization.',
  noTicketPools: 'holds no ticket pools: choose a distributor, reseller, service provider, system integrator or customer.',
  userToAssign: 'is required: the user to assign the ticket to (empty to take it back).',
  mustBeUserId: 'must be the id of a user.',
  redeemedMeanwhile: 'This ticket was redeemed at the same moment by another request.',
  ticketCodeFormat: ({ format }: { format: string }) => `must be a ticket code ${format}`,
  ticketCodeForeign: ({ characters, alphabet }: { characters: readonly string[]; alphabet: string }) =>
    `holds ${characters.map((c) => JSON.stringify(c)).join(', ')}, which no ticket code contains (they use ${alphabet})`,
  ticketCodeLength: ({ length, expected, format }: { length: number; expected: number; format: string }) => `has ${length} characters; a ticket code has ${expected} (${format})`,
  // Grants and prices (services/grants.ts, services/reseller-prices.ts).
  grantBelowGranter: 'A product group is granted to a channel organization (distributor, reseller, service provider, system integrator, partner) below the granter.',
  noGrantToPass: ({ granter }: { granter: string }) => `${granter} holds no grant of this product group to pass on.`,
  priceForReseller: 'A price is set for an organization holding the reseller view.',
  // Accounts, second factor, invitations, first admin (services/accounts.ts, second-factor.ts, invitations.ts, first-admin.ts; models/passwords.ts).
  passwordTooShort: 'A password needs at least 10 characters.',
  passwordTooLong: 'A password may have at most 72 characters (fewer with accents or symbols, which count 2 to 4).',
  passwordControl: 'A password cannot contain control characters.',
  passwordsDiffer: 'The two passwords differ.',
  chooseOwnPasswordFirst: 'Choose your own password first.',
  chooseOrganizationAndRole: 'Choose the organization and role of the new account.',
  addressTaken: 'cannot be used for a new account; invite this address instead.',
  accountGone: 'This account no longer exists.',
  notCurrentPassword: 'is not your current password.',
  mustDifferFromCurrent: 'must differ from the current password.',
  belongsToAccount: 'belongs to an account already; choose another address.',
  memberAlready: 'This person is a member of this organization already, with at least this role.',
  invitationOpen: 'has an open invitation to this organization already; revoke (delete) it to invite again.',
  invitationNotSent: ({ reason }: { reason: string }) => `The invitation e-mail could not be sent (${reason}); nothing was saved.`,
  wrongCode: 'This code is not valid. Enter the current code of your authenticator app (or an unused recovery code where it is offered).',
  secondFactorSetUp: 'Your second factor is set up already.',
  startSetUpAgain: 'Start the set-up again: no second factor is waiting for its first code.',
  noSecondFactor: 'You have no second factor set up.',
  mustKeepSecondFactor: 'Your account must keep its second factor.',
  // Requests and messages (services/license-requests.ts, models/domain/license-requests.ts).
  mustNotBeEmpty: 'must not be empty.',
  noVendor: 'There is no vendor organization to send the request to.',
  offerMatrix: ({ view }: { view: string }, w: Wording) => `The ${w.value('views', view).replace('_', ' ')} view may not request an offer here: the feature matrix gives it to the organization's own view.`,
  supportMatrix: ({ view }: { view: string }, w: Wording) => `The ${w.value('views', view).replace('_', ' ')} view may not open a support request here: only the license holder's own organization does.`,
  noSalesAddress: 'No sales address is configured (SALES_EMAIL, or the vendor organization\'s contact e-mail); nothing was saved.',
  offerNotMailed: ({ reason }: { reason: string }) => `The offer request could not be mailed to sales (${reason}); nothing was saved.`,
  answeredAlready: 'This offer request has been answered already.',
  replyFromOwn: 'Reply from your own organization: you act here on the customer\'s behalf, not as the customer.',
  onlyThreadSides: 'Only the license holder and the organization handling the request reply in this thread.',
  // Files, downloads, logo (services/files.ts, services/logo.ts, models/domain/logo-image.ts, admin/uploaded-file.ts).
  noHttpAddress: 'This release names no http(s) download address; ask the vendor.',
  sendMultipart: 'Send the file as a multipart upload.',
  chooseLogo: 'Choose a PNG or JPEG file as the field "logo".',
  logoTooLarge: ({ kilobytes }: { kilobytes: number }) => `The logo is ${kilobytes} KB; at most 1 MB is allowed.`,
  logoNotImage: 'The logo must be a PNG or JPEG image.',
  logoTooSmall: ({ width, height, min }: { width: number; height: number; min: number }) => `The logo is ${width}×${height} pixels; it needs at least ${min}×${min}.`,
  logoTooBig: ({ width, height, max }: { width: number; height: number; max: number }) => `The logo is ${width}×${height} pixels; it may have at most ${max}×${max}.`,
  logoUnreadable: ({ problem }: { problem: PngProblem }) => `The logo is not a readable PNG: it ${{
    cutOff: 'is cut off', incomplete: 'lacks its header, image data or end', header: 'has a header no decoder reads', palette: 'lacks its palette',
    undecodable: 'holds image data that does not decode', size: 'holds less or more image data than its size',
  }[problem]}.`,
  // A request body refused while it is read (admin/body-limits.ts).
  requestTooLarge: ({ what, max, field, others }: { what: UploadKind; max: string; field: string; others: string }) =>
    `The request is too large: ${UPLOADS[what].toLowerCase()} may be at most ${max} (field "${field}"), the other fields ${others}.`,
  bodyTooLarge: ({ max }: { max: string }) => `The request body is too large: at most ${max} is accepted here.`,
  requestEnded: 'The request has ended.',
  noFilesHere: 'This address takes no files: only the logo upload and the ERP import do.',
  fileAsField: ({ field }: { field: string }) => `Send the file as the field "${field}".`,
  logInToUpload: 'Log in before uploading a file.',
  oneFileAsField: ({ field }: { field: string }) => `Send one file as the field "${field}".`,
  sendMultipartForm: 'Send files as multipart/form-data, in the field the route names.',
  fileTooLarge: ({ what, max }: { what: UploadKind; max: string }) => `${UPLOADS[what].replace(/^a/, 'A')} may be at most ${max}.`,
  formFieldsTooLarge: ({ max }: { max: string }) => `The form's text fields may be at most ${max}.`,
  // The REST API, exports and reports (services/api-tokens.ts, cursor-page.ts, license-export.ts, license-report.ts, admin/api-*.ts).
  todayOrLater: ({ today }: { today: IsoDate }, w: Wording) => `must be today (${w.date(today)}) or later.`,
  tokenRevoked: ({ id }: { id: number }) => `API token ${id} is revoked already.`,
  sendToken: 'Send a valid API token: Authorization: Bearer <token> (missing, unknown, revoked or expired).',
  notAParameter: ({ allowed }: { allowed: readonly string[] }, w: Wording) => `is not a parameter here (allowed: ${w.all(allowed)}).`,
  givenOnce: 'must be given once, as a plain value.',
  pageCursor: 'must be the `next` value of the page before.',
  mustBeOrganizationId: 'must be an organization id.',
  limitRange: ({ max }: { max: number }) => `must be a whole number from 1 to ${max}.`,
  operationObject: 'Send the operation\'s fields as a JSON object.',
  // The ERP import (admin/import-action.ts, services/erp-import.ts). The document's own problems
  // (models/domain/import-document.ts) name paths in the document and stay English.
  documentRequired: `document: is required. ${IMPORT_HOW_TO}`,
  documentIs: ({ problem }: { problem: string }) => `The document is ${problem}`,
  documentProblem: ({ text }: { text: string }) => text,
  nothingImported: ({ count, problems }: { count: number; problems: readonly string[] }) => `Nothing was imported: ${count} problem(s). ${problems.join(' · ')}`,
  onlyVendorImports: 'Only vendor staff import ERP documents.',
  importRoleAbove: ({ role, org, own }: { role: string; org: string; own: string }, w: Wording) =>
    `this person is ${w.value('role', role)} of "${org}", above your own role (${w.value('role', own)}); an import does not change it`,
  importRoleCeiling: ({ role, own }: { role: string; own: string }, w: Wording) => `"${w.value('role', role)}" is above your own role (${w.value('role', own)}); an import hands out at most the importer's role`,
  // Webhooks (models/domain/webhook-rules.ts).
  webhookUrlLength: 'must be an https address of at most 2000 characters.',
  webhookUrl: 'must be an https address such as https://erp.example.com/portal-events.',
  webhookCredentials: 'must not carry a user name or password.',
  webhookAddressForbidden: ({ hostname, address, kind }: { hostname: string; address: string; kind: ForbiddenAddressKind | 'notIp' }) =>
    `must not point into the portal's own network: ${hostname === address ? `${address} is` : `${hostname} resolves to ${address},`} ${ADDRESS_KINDS[kind]}.`,
  // Erasure (models/domain/erasure-workflow.ts, services/erasure/, admin/erasure-*.ts).
  noUserWithEmail: ({ email }: { email: string }) => `No user with e-mail ${email}.`,
  notADpo: ({ email }: { email: string }) => `${email} is not a data-protection officer; only a DPO may do this.`,
  erasureNotRequested: ({ id, status }: { id: number; status: string }, w: Wording) => `Erasure request ${id} is ${w.value('status', status)}; only a requested one can be approved.`,
  fourEyes: ({ id }: { id: number }) => `Four-eyes rule: erasure request ${id} must be approved by a DPO other than the one who filed it.`,
  noLongerRejected: ({ id, status }: { id: number; status: string }, w: Wording) => `Erasure request ${id} is ${w.value('status', status)}; it can no longer be rejected.`,
  executedAlready: ({ id }: { id: number }) => `Erasure request ${id} has already been executed.`,
  approveFirst: ({ id, status }: { id: number; status: string }, w: Wording) => `Erasure request ${id} is ${w.value('status', status)}; it must be approved before it is executed.`,
  erasureDue: ({ id, due }: { id: number; due: string }) => `Erasure request ${id} is due on ${due}.`,
  nameSubject: ({ spec }: { spec: string }) => `Name the subject as org:<ref> or user:<e-mail>, got "${spec}".`,
  noSubject: ({ kind, key }: { kind: 'org' | 'user'; key: string }) => `There is no ${kind === 'org' ? 'organization' : 'user'} "${key}".`,
  vendorNotErased: 'The vendor organization itself cannot be erased.',
  giveReason: 'Give the reason for the erasure.',
  openErasure: ({ subject }: { subject: string }) => `There is already an open erasure request for ${subject}.`,
  noErasureRequest: ({ id }: { id: number }) => `There is no erasure request ${id}.`,
  subjectGone: ({ id }: { id: number }) => `The subject of erasure request ${id} no longer exists.`,
  notExecutedYet: ({ id }: { id: number }) => `Erasure request ${id} has not been executed yet; there is no certificate.`,
  subjectErased: 'This subject has been erased; nothing is held on it any more.',
  // Notices of the panel's own actions (admin/*-actions.ts, operation-action.ts): what was done.
  ticketsGenerated: ({ count, article, organization }: { count: number; article: string; organization: string }) => `Generated ${count} tickets of ${article} for ${organization}.`,
  passedDown: ({ organization }: { organization: string }) => `Passed down to ${organization}.`,
  takenBack: 'Taken back: the ticket is open in its pool again.',
  assignedTo: ({ user }: { user: number }) => `Assigned to user #${user}.`,
  redeemedInto: ({ key, id }: { key: string; id: number }) => `Redeemed: license ${key} (#${id}).`,
  licenseOperationDone: ({ operation }: { operation: string }, w: Wording) => `License ${w.action(operation)} done.`,
  freeKeyDrawn: ({ key, id }: { key: string; id: number }) => `Free additional key ${key} drawn (license ${id}).`,
  runtimeExtended: ({ key, until }: { key: string; until: IsoDate }, w: Wording) => `Runtime extended: license ${key} now runs until ${w.date(until)}.`,
  terminatedNotice: ({ on }: { on: IsoDate }, w: Wording) => `Terminated on ${w.date(on)}; it runs to the end of its current term.`,
  cancelledNotice: ({ reason, on, replacedBy }: { reason: string; on: IsoDate; replacedBy: number | null }, w: Wording) =>
    `Cancelled (${w.value('cancelReason', reason)}) on ${w.date(on)}${replacedBy ? `, replaced by subscription ${replacedBy}` : ''}; its license is on recall.`,
  offerSent: ({ id }: { id: number }) => `Offer request #${id} sent to vendor sales.`,
  supportOpened: ({ id }: { id: number }) => `Support request #${id} opened (Licensing → support_messages).`,
  answerSaved: ({ mailedTo }: { mailedTo: string | null }) => `Answer saved; the requester sees it on the request.${mailedEn(mailedTo)}`,
  replyAdded: ({ id, thread, mailedTo }: { id: number; thread: number | null; mailedTo: string | null }) => `Reply #${id} added to thread #${thread}.${mailedEn(mailedTo)}`,
  erasureApproved: ({ due }: { due: IsoDate }, w: Wording) => `Approved; the worker executes it on ${w.date(due)} unless a DPO executes it now.`,
  erasureRejected: 'Rejected.',
  erasureExecuted: 'Executed; the certificate is ready.',
  downloadStarts: ({ label, sha256 }: { label: string; sha256: string | null }) => `Download of ${label}${sha256 ? ` (SHA-256 ${sha256})` : ''} starts.`,
  tokenShownOnce: ({ token }: { token: string }) => `API token (shown only now; copy it): ${token}`,
  tokenRevokedNotice: ({ name }: { name: string }) => `API token "${name}" revoked.`,
  endpointRegistered: ({ secret }: { secret: string }) => `Endpoint registered. Its signing secret, shown only now: ${secret}`,
  logoSaved: ({ width, height }: { width: number; height: number }) => `Logo saved (${width}×${height}).`,
  importHowTo: IMPORT_HOW_TO,
  imported: ({ counts }: { counts: ImportCounts }) => `Imported. ${Object.entries(counts).map(([section, c]) => importedSection({ section, ...c })).join(' · ')}`,
  importedSection,
  reportDownloading: 'The report is being downloaded.',
  statementQueued: 'The statement is queued and will be mailed within minutes.',
  statementNoAddress: 'The reseller has no billing address; nothing will be mailed.',
  // The command line (bin/): English only, like the rest of its output.
  cli: ({ text }: { text: string }) => text,
} satisfies Record<string, string | ((params: never, w: Wording) => string)>;
