import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { foldCounterItems } from '../../shared/store/counter-rows';
import { postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

/**
 * What DynamoDB refused while the router ran, counted on the real client as a middleware would:
 * transactions cancelled by another one on the same item (TransactionConflict) or by their own
 * conditions, and single writes refused on their condition.
 */
const refusals = { transactionConflicts: 0, transactionConditions: 0, conditionalWrites: 0 };
const countRefusal = (error: unknown) => {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (e.name === 'TransactionCanceledException') {
    const codes = (e.CancellationReasons ?? []).map((reason) => reason.Code);
    if (codes.includes('TransactionConflict')) refusals.transactionConflicts++;
    else if (codes.includes('ConditionalCheckFailed')) refusals.transactionConditions++;
  } else if (e.name === 'ConditionalCheckFailedException') refusals.conditionalWrites++;
};

const PEOPLE = 24;
const LOOPS = 6;

describe('the router under concurrent message groups', () => {
  const t = useTestStack({ visibilityTimeoutSeconds: 1 });
  const send = DynamoDBDocumentClient.prototype.send;

  beforeAll(() => {
    vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (
      this: DynamoDBDocumentClient,
      ...args: unknown[]
    ) {
      const sent = (send as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      return sent.catch((error: unknown) => {
        countRefusal(error);
        throw error;
      }) as never;
    });
  });
  afterAll(() => vi.restoreAllMocks());

  it('retries what conflicts, loses nothing and counts every event once, with counters equal to a recount', async () => {
    await seedSite(t);
    await seedManager(t, 'anna');
    await seedManager(t, 'boris');

    // Each person writes twice: once with phone and e-mail (grouped by phone) and once with the
    // e-mail only (grouped by e-mail), so one person's events run side by side in two groups and
    // race for the contact, its identities and its open lead; every lead of every person races
    // for the same day counters and the two managers' loads.
    const posts = Array.from({ length: PEOPLE }, (_, i) => {
      const phone = `+7 916 300-${String(10 + i).padStart(2, '0')}-00`;
      const email = `race${i}@example.com`;
      return [
        { name: `Race ${i}`, phone, email, message: `with phone ${i}` },
        { name: `Race ${i}`, email, message: `e-mail only ${i}` },
      ];
    }).flat();
    const responses = await Promise.all(posts.map((body) => postForm(t, 'shop', body)));
    expect(responses.map((r) => r.status)).toEqual(posts.map(() => 200));

    // Several router invocations at once, as Lambda runs one per message group in flight; a
    // record that fails goes back to the queue and comes again after its visibility timeout.
    for (let round = 0; round < 60 && (await t.queueDepth('intake')) > 0; round++) {
      await Promise.all(Array.from({ length: LOOPS }, () => t.drain()));
      if ((await t.queueDepth('intake')) > 0) await new Promise((r) => setTimeout(r, 300));
    }
    expect(await t.queueDepth('intake')).toBe(0);
    expect(await t.queueDepth('intake', true)).toBe(0);

    const leads = (await t.items('LEAD#', 'LEAD')).filter((lead) => lead.kind === 'inquiry');
    const contacts = await t.items('CONTACT#');
    // One contact and one lead per person, carrying both of the person's events.
    expect(contacts).toHaveLength(PEOPLE);
    expect(leads).toHaveLength(PEOPLE);
    expect(leads.map((lead) => Number(lead.touches))).toEqual(leads.map(() => 2));
    for (const contact of contacts) {
      expect(leads.filter((lead) => lead.contactId === contact.id)).toHaveLength(1);
      expect(leads.some((lead) => lead.id === contact.openLeadId)).toBe(true);
    }

    // Counters = recount: the day's leads and touches, each manager's open leads.
    // The day's total is summed from its rows (each manager's, and what nobody's took).
    const totals = foldCounterItems(await t.items('METRIC#leads#'), 'add')
      .filter((row) => row.managerId === undefined)
      .map((row) => row.values);
    const sum = (name: string) => totals.reduce((n, row) => n + Number(row[name] ?? 0), 0);
    expect(sum('leads')).toBe(leads.length);
    expect(sum('touches')).toBe(posts.length - leads.length);
    const loads = await t.items('LOADS');
    for (const managerId of ['anna', 'boris']) {
      const open = leads.filter(
        (lead) => lead.managerId === managerId && lead.status === 'assigned',
      ).length;
      const load = loads.find((row) => row.managerId === managerId);
      expect(Number(load?.openLeads ?? 0), managerId).toBe(open);
    }
    expect(leads.filter((lead) => lead.status === 'assigned')).toHaveLength(PEOPLE);

    // What was refused along the way (printed: the figures of docs/performance.md, "Scale
    // ceiling"); the run above proves each refusal was taken again or settled, never lost.
    console.info('router concurrency refusals', refusals);
    expect(
      refusals.transactionConflicts + refusals.transactionConditions + refusals.conditionalWrites,
    ).toBeGreaterThan(0);
  });
});
