import { describe, expect, it } from 'vitest';
import { deactivateManagers, postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

describe('routing a new lead', () => {
  const t = useTestStack();

  const leadOf = async (phone: string) => {
    const leads = await t.api('GET', '/v1/leads?limit=100');
    return leads.body.items.find(
      (lead: { contact: { phone: string } }) => lead.contact.phone === phone,
    );
  };

  it('keeps a lead new and visible while no manager is active', async () => {
    await seedSite(t);
    await deactivateManagers(t);
    await t.purge('assignments');

    await postForm(t, 'shop', { name: 'Early', phone: '+79996000001' });
    await t.drain();

    expect(await leadOf('+79996000001')).toMatchObject({ status: 'new' });
    expect((await leadOf('+79996000001')).managerId).toBeUndefined();
    expect(await t.queueDepth('assignments')).toBe(0);
  });

  it('spreads new leads by weight, round robin, and announces each on the assignments queue', async () => {
    await seedSite(t);
    await seedManager(t, 'light', { weight: 1 });
    await seedManager(t, 'heavy', { weight: 3 });
    await t.purge('assignments');

    for (let n = 0; n < 8; n++) {
      await postForm(t, 'shop', { name: `Lead ${n}`, phone: `+7999601000${n}` });
    }
    await t.drain();

    const leads = await Promise.all(Array.from({ length: 8 }, (_, n) => leadOf(`+7999601000${n}`)));
    const counts = leads.reduce<Record<string, number>>((acc, lead) => {
      acc[lead.managerId] = (acc[lead.managerId] ?? 0) + 1;
      return acc;
    }, {});
    expect(counts).toEqual({ light: 2, heavy: 6 });
    expect(await t.queueDepth('assignments')).toBe(8);
  });

  it('sends a returning contact to the manager who owns it, not to the next in turn', async () => {
    await seedSite(t);
    await seedManager(t, 'light', { weight: 1 });
    await seedManager(t, 'heavy', { weight: 3 });
    await postForm(t, 'shop', { name: 'Loyal', phone: '+79996020001', message: 'first order' });
    await t.drain();
    const first = await leadOf('+79996020001');
    await t.api('POST', `/v1/leads/${first.id}/close`, { outcome: 'won' });

    for (let n = 0; n < 3; n++) {
      await postForm(t, 'shop', { name: 'Loyal', phone: '+79996020001', message: `again ${n}` });
      await t.drain();
      const current = await leadOf('+79996020001');
      expect(current.managerId).toBe(first.managerId);
      await t.api('POST', `/v1/leads/${current.id}/close`, { outcome: 'won' });
    }
  });
});
