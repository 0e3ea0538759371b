import type { LeadOutcome, Utm } from '../types';
import { escapeHtml } from './telegram-text';
import { channelLabel, type Texts } from './texts';

/**
 * A switchboard lead as Bitrix24's crm.lead.add wants it (REST: fields TITLE, NAME, PHONE and
 * EMAIL as [{ VALUE, VALUE_TYPE }], SOURCE_ID, SOURCE_DESCRIPTION, COMMENTS, ASSIGNED_BY_ID,
 * UTM_*, and ORIGINATOR_ID + ORIGIN_ID: the external system and its id, by which a retry finds a
 * lead an earlier attempt created).
 */
export const BITRIX24_ORIGINATOR = 'switchboard';

export type Bitrix24LeadFacts = {
  readonly leadId: string;
  readonly kind: 'inquiry' | 'callback';
  readonly contact: {
    readonly name?: string | undefined;
    readonly phone?: string | undefined;
    readonly email?: string | undefined;
  };
  readonly channel: string;
  readonly text?: string | undefined;
  readonly utm?: Utm | undefined;
  readonly siteKey?: string | undefined;
  readonly page?: string | undefined;
  /** The manager's Bitrix24 user id (ASSIGNED_BY_ID); none: the webhook's own user. */
  readonly assignedTo?: number | undefined;
};

export type Bitrix24Multifield = readonly { readonly VALUE: string; readonly VALUE_TYPE: 'WORK' }[];

export type Bitrix24LeadFields = {
  readonly TITLE: string;
  readonly NAME?: string;
  readonly PHONE?: Bitrix24Multifield;
  readonly EMAIL?: Bitrix24Multifield;
  readonly SOURCE_ID: string;
  readonly SOURCE_DESCRIPTION: string;
  readonly COMMENTS?: string;
  readonly ASSIGNED_BY_ID?: number;
  readonly STATUS_ID: 'NEW';
  readonly OPENED: 'Y';
  readonly ORIGINATOR_ID: string;
  readonly ORIGIN_ID: string;
  readonly UTM_SOURCE?: string;
  readonly UTM_MEDIUM?: string;
  readonly UTM_CAMPAIGN?: string;
  readonly UTM_CONTENT?: string;
  readonly UTM_TERM?: string;
};

/** Bitrix24's standard sources (crm.status.list, ENTITY_ID SOURCE). */
const SOURCE_IDS: Readonly<Record<string, string>> = { form: 'WEB', phone: 'CALL' };

const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

export const bitrix24LeadFields = (facts: Bitrix24LeadFacts, texts: Texts): Bitrix24LeadFields => {
  const channel = channelLabel(texts, facts.channel);
  const who = facts.contact.name ?? facts.contact.phone ?? facts.contact.email ?? texts.noName;
  const where = [facts.siteKey, facts.page].filter(Boolean).join(' ');
  const utm = facts.utm ?? {};
  return {
    TITLE: clip(
      facts.kind === 'callback' ? texts.crm.callbackTitle(who) : texts.crm.title(channel, who),
      255,
    ),
    ...(facts.contact.name ? { NAME: clip(facts.contact.name, 50) } : {}),
    ...(facts.contact.phone ? { PHONE: [{ VALUE: facts.contact.phone, VALUE_TYPE: 'WORK' }] } : {}),
    ...(facts.contact.email ? { EMAIL: [{ VALUE: facts.contact.email, VALUE_TYPE: 'WORK' }] } : {}),
    SOURCE_ID: SOURCE_IDS[facts.channel] ?? 'OTHER',
    SOURCE_DESCRIPTION: clip(`switchboard: ${channel}${where ? ` — ${where}` : ''}`, 255),
    ...(facts.text ? { COMMENTS: escapeHtml(facts.text) } : {}),
    ...(facts.assignedTo !== undefined ? { ASSIGNED_BY_ID: facts.assignedTo } : {}),
    STATUS_ID: 'NEW',
    OPENED: 'Y',
    ORIGINATOR_ID: BITRIX24_ORIGINATOR,
    ORIGIN_ID: facts.leadId,
    ...(utm.source ? { UTM_SOURCE: clip(utm.source, 255) } : {}),
    ...(utm.medium ? { UTM_MEDIUM: clip(utm.medium, 255) } : {}),
    ...(utm.campaign ? { UTM_CAMPAIGN: clip(utm.campaign, 255) } : {}),
    ...(utm.content ? { UTM_CONTENT: clip(utm.content, 255) } : {}),
    ...(utm.term ? { UTM_TERM: clip(utm.term, 255) } : {}),
  };
};

/** The lead's stage after an accept or a close (Bitrix24's default lead stages). */
export const bitrix24Status = (
  event:
    | { readonly type: 'lead.accepted' }
    | { readonly type: 'lead.closed'; readonly outcome?: LeadOutcome | undefined },
): 'IN_PROCESS' | 'CONVERTED' | 'JUNK' =>
  event.type === 'lead.accepted' ? 'IN_PROCESS' : event.outcome === 'won' ? 'CONVERTED' : 'JUNK';
