import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../local/poller';
import { parseFormSubmission } from '../../shared/channels/forms';
import { messageGroupOf } from '../../shared/queue/sqs-intake-queue';
import { foldCounterItems } from '../../shared/store/counter-rows';
import { seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

/** The SQS record Lambda would hand the router for a form event (`n`: which delivery). */
const formRecord = (body: string, receivedAt: Date, n: number) => {
  const parsed = parseFormSubmission(
    new Map([...new URLSearchParams(body)].map(([k, v]) => [k, [v]])),
    { siteKey: 'shop', receivedAt, defaultCountry: 'RU' },
  );
  if (parsed.kind !== 'lead') throw new Error(`not a lead: ${parsed.kind}`);
  return toSqsRecord(
    {
      MessageId: `m-${receivedAt.getTime()}`,
      ReceiptHandle: `r-${n}`,
      Body: JSON.stringify(parsed.event),
      Attributes: { MessageGroupId: messageGroupOf(parsed.event), ApproximateReceiveCount: `${n}` },
    },
    'arn:aws:sqs:us-east-1:000000000000:intake.fifo',
  );
};

/**
 * A new lead is written, its contact pointed at it, and only then counted (one transaction with
 * the event's marker): a failure between the steps leaves work that the redelivery finds and
 * finishes, counting it once.
 */
describe('a lead event delivered again after a failure mid-way', () => {
  const failures = { countOpened: 0 };
  const t = useTestStack({
    decorateRouter: (deps) => ({
      ...deps,
      leadWrites: {
        ...deps.leadWrites,
        countOpened: async (input) => {
          if (failures.countOpened > 0) {
            failures.countOpened--;
            throw Object.assign(new Error('Throughput exceeds the current capacity'), {
              name: 'ProvisionedThroughputExceededException',
            });
          }
          return deps.leadWrites.countOpened(input);
        },
      },
    }),
  });

  const leadTotals = async () =>
    foldCounterItems(await t.items('METRIC#leads#'), 'add')
      .filter((row) => row.managerId === undefined)
      .map((row) => row.values)
      .reduce<{ leads: number; dupSameEvent: number }>(
        (sum, row) => ({
          leads: sum.leads + Number(row.leads ?? 0),
          dupSameEvent: sum.dupSameEvent + Number(row.dupSameEvent ?? 0),
        }),
        { leads: 0, dupSameEvent: 0 },
      );

  it('finishes the lead it began and counts it once, then counts the same event in another message as a duplicate', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    const router = t.stack.consumers.router.handler;
    const at = t.clock.now();
    const body = 'name=Again&phone=89993000001&message=after+a+failure';

    // The first delivery writes the lead and points the contact at it, then fails to count it.
    failures.countOpened = 1;
    const first = await router({ Records: [formRecord(body, at, 1)] });
    expect(first?.batchItemFailures).toHaveLength(1);
    const begun = await t.leads();
    expect(begun).toHaveLength(1);
    expect((await leadTotals()).leads).toBe(0);

    // SQS delivers it again: the same lead, counted once, the manager's load once.
    const second = await router({ Records: [formRecord(body, at, 2)] });
    expect(second?.batchItemFailures).toEqual([]);
    const leads = await t.leads();
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ id: begun[0]?.id, status: 'assigned', managerId: 'anna' });
    expect(await leadTotals()).toEqual({ leads: 1, dupSameEvent: 0 });
    const [load] = (await t.items('LOADS')).filter((row) => row.managerId === 'anna');
    expect(Number(load?.openLeads)).toBe(1);
    const contacts = await t.contacts();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ openLeadId: leads[0]?.id, ownerId: 'anna' });

    // Once more after it succeeded (a delete that did not reach SQS): nothing counted again.
    const third = await router({ Records: [formRecord(body, at, 3)] });
    expect(third?.batchItemFailures).toEqual([]);
    expect(await leadTotals()).toEqual({ leads: 1, dupSameEvent: 0 });

    // The same event sent again later (another message, the same event id): one duplicate.
    const later = new Date(at.getTime() + 60_000);
    const fourth = await router({ Records: [formRecord(body, later, 4)] });
    expect(fourth?.batchItemFailures).toEqual([]);
    expect(await t.leads()).toHaveLength(1);
    expect((await t.leads())[0]?.touches).toBe(1);
    expect(await leadTotals()).toEqual({ leads: 1, dupSameEvent: 1 });
  });
});
