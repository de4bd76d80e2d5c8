// An archived campaign's record (目标任务归档记录) over HTTP: its summary on the campaign, and a 校验
// that hashes the stored text again, as an event's archive is verified. Archiving a campaign takes a
// whole year of its workflow (test/integration/campaign-workflow.spec.ts drives one and checks the
// record it freezes); here a campaign is stopped, marked archived in the read model and its record
// frozen by the same code, then changed behind the trigger that keeps it frozen.
import { DataSource } from 'typeorm';
import { freezeCampaignRecord } from '../../src/campaigns/campaign-record';
import { apiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/shared';

interface Detail {
  status: string;
  record: { archivedAt: string; sha256: string; verifyUrl: string } | null;
}

interface Verification {
  campaignId: string;
  sha256: string;
  recomputed: string;
  matches: boolean;
}

describe("an archived campaign's record and its 校验", () => {
  let t: TestApp;
  let db: DataSource;
  const { as, api } = apiClient(() => t.baseUrl);
  let id = '';

  const detail = async (who: string) => (await api<Detail>(await as(who), 'GET', `/campaigns/${id}`)).body;
  const verify = async (who: string) => api<Verification & { message: { 'zh-CN': string; en: string } }>(await as(who), 'GET', `/campaigns/${id}/record/verify`);

  /** A change no user can make: the trigger that freezes the record is bypassed, as an intruder with the database would. */
  const behindTheTrigger = (sql: string) =>
    db.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query(sql, [id]);
    });

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() + 1;
    const started = await api<{ id: string }>(await as('organiser-family-children'), 'POST', '/campaigns', { templateCode: 'clean-family-campaign', year });
    expect(started.status).toBe(201);
    id = started.body.id;
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('has no record before it is archived: none on the campaign, and 校验 is 404 in both languages', async () => {
    expect((await detail('liaison-yuzhong')).record).toBeNull();
    const res = await verify('liaison-yuzhong');
    expect(res.status).toBe(404);
    expect(res.body.message['zh-CN']).toContain('尚未归档');
    expect(res.body.message.en).toContain('not archived yet');
  });

  it('shows the record once archived, and 校验 passes for anyone signed in', async () => {
    expect((await api(await as('head-family-children'), 'POST', `/campaigns/${id}/cancel`, { reason: '测试归档记录' })).status).toBe(200);
    for (let i = 0; i < 100 && (await detail('head-family-children')).status !== 'cancelled'; i++) await new Promise((r) => setTimeout(r, 200));
    await db.transaction(async (m) => {
      await m.query("UPDATE campaigns SET status = 'archived', archived_at = now() WHERE id = $1", [id]);
      await freezeCampaignRecord(m, id);
    });

    const { record } = await detail('liaison-yuzhong');
    expect(record).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), verifyUrl: `/api/campaigns/${id}/record/verify` });
    for (const who of ['liaison-yuzhong', 'organiser-family-children', 'chair']) {
      const res = await verify(who);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ campaignId: id, sha256: record!.sha256, recomputed: record!.sha256, matches: true });
    }
    expect((await api(null, 'GET', `/campaigns/${id}/record/verify`)).status).toBe(401);
  });

  it('fails once the stored record is changed behind the trigger, or its hash made to match a changed text', async () => {
    await behindTheTrigger(`UPDATE campaigns SET record_text = replace(record_text, '"year":', '"year":1') WHERE id = $1`);
    const changed = (await verify('organiser-family-children')).body;
    expect(changed.matches).toBe(false);
    expect(changed.recomputed).not.toBe(changed.sha256);

    // The hash recomputed and stored beside the changed text: the text is no longer the canonical
    // form of any record (a key out of order), so 校验 still fails.
    await behindTheTrigger(`UPDATE campaigns SET record_text = '{"zz":0,' || substr(record_text, 2) WHERE id = $1`);
    await behindTheTrigger(`UPDATE campaigns SET record_sha256 = encode(sha256(convert_to(record_text, 'UTF8')), 'hex') WHERE id = $1`);
    const rehashed = (await verify('organiser-family-children')).body;
    expect(rehashed.recomputed).toBe(rehashed.sha256);
    expect(rehashed.matches).toBe(false);
  });
});
