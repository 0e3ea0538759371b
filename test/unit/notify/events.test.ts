import { describe, expect, it } from 'vitest';
import { deliveryIdOf } from '../../../functions/notify/fan-out';
import { touchKey } from '../../../shared/crypto';
import { eventIdOf, type QueuedEvent } from '../../../shared/domain/messages';

const contact = { id: 'c-1' };

describe('event and delivery ids', () => {
  it.each([
    [
      {
        type: 'lead.assigned',
        leadId: 'l-1',
        managerId: 'm',
        contact,
        channel: 'form',
        at: '2026-11-27T07:00:00.000Z',
      },
      'lead.assigned:l-1:2026-11-27T07:00:00.000Z',
    ],
    [
      {
        type: 'lead.accepted',
        leadId: 'l-1',
        contact,
        channel: 'form',
        at: '2026-11-27T07:01:00.000Z',
      },
      'lead.accepted:l-1',
    ],
    [
      {
        type: 'call.missed',
        provider: 'generic',
        callId: 'c-9',
        outcome: 'missed',
        at: '2026-11-27T07:00:00.000Z',
      },
      'call.missed:generic:c-9:missed',
    ],
  ] as [QueuedEvent, string][])('names %j %s', (event, id) => {
    expect(eventIdOf(event)).toBe(id);
  });

  it('names two touches of one lead in the same millisecond apart, by their touch', () => {
    const touched = (touch?: string): QueuedEvent => ({
      type: 'lead.touched',
      leadId: 'l-1',
      managerId: 'm',
      contact,
      channel: 'telegram',
      at: '2026-11-27T07:00:00.000Z',
      ...(touch ? { touch } : {}),
    });

    expect(eventIdOf(touched(touchKey('telegram:bot:1')))).not.toBe(
      eventIdOf(touched(touchKey('telegram:bot:2'))),
    );
    expect(eventIdOf(touched(touchKey('telegram:bot:1')))).toBe(
      eventIdOf(touched(touchKey('telegram:bot:1'))),
    );
    // Announced before touches carried their key: named by the time, as then.
    expect(eventIdOf(touched())).toBe('lead.touched:l-1:2026-11-27T07:00:00.000Z');
    expect(touchKey('whatsapp:wamid.HBgLMTY1MDM4Nzk0MzkV')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives one delivery id per destination, target and event, the same each time', () => {
    const id = deliveryIdOf('webhook', 'crm', 'lead.accepted:l-1');

    expect(deliveryIdOf('webhook', 'crm', 'lead.accepted:l-1')).toBe(id);
    expect(deliveryIdOf('webhook', 'erp', 'lead.accepted:l-1')).not.toBe(id);
    expect(deliveryIdOf('bitrix24', 'crm', 'lead.accepted:l-1')).not.toBe(id);
    expect(id).toMatch(/^dlv_[0-9a-f]{32}$/);
  });
});
