// Telling the running events of a calendar change: a change that is saved stands, whatever fails
// after it, and an event started during a change is told it at once.
import type { Client } from '@temporalio/client';
import type { AccessService } from '../../src/access/access.service';
import type { AuthUser } from '../../src/auth/auth-user';
import type { CalendarRepository, RunningEvent } from '../../src/calendar/calendar.repository';
import { CalendarService } from '../../src/calendar/calendar.service';

const admin: AuthUser = { id: 'a0000000-0000-4000-8000-000000000001', username: 'admin', displayName: '管理员', unitCode: 'office', roles: [{ role: 'admin', unitCode: 'office' }] as AuthUser['roles'], inChargeOf: [] };
const event: RunningEvent = { id: 'e0000000-0000-4000-8000-000000000001', title: '三八节表彰大会', startsAt: '2027-03-08T01:00:00.000Z' };

/** A calendar table at version 25, with `overrides` making parts of it fail. */
function service(overrides: Partial<Record<keyof CalendarRepository, jest.Mock>> = {}) {
  const repository = {
    change: jest.fn(async () => '25'),
    snapshot: jest.fn(async (work: (tx: unknown) => Promise<unknown>) => work({})),
    version: jest.fn(async () => '25'),
    yearSpan: jest.fn(async () => ({ first: 2026, last: 2027 })),
    daysBetween: jest.fn(async () => []),
    runningEvents: jest.fn(async () => [event]),
    lastEditor: jest.fn(async () => ({ id: admin.id, displayName: admin.displayName })),
    ...overrides,
  };
  const executeUpdate = jest.fn(async () => ({ applied: true, moved: [] }));
  const temporal = { workflow: { getHandle: jest.fn(() => ({ executeUpdate })) } };
  const access = { require: jest.fn(async () => undefined) };
  const calendar = new CalendarService(repository as unknown as CalendarRepository, access as unknown as AccessService, temporal as unknown as Client);
  return { calendar, executeUpdate };
}

const failing = () => jest.fn(async () => Promise.reject(new Error('connection terminated')));

describe('after a calendar change is saved', () => {
  it('answers with the new version and says the events were not told when they cannot be listed', async () => {
    const { calendar, executeUpdate } = service({ runningEvents: failing() });
    const outcome = await calendar.deleteDay(admin, '2027-03-10');
    expect(outcome).toMatchObject({ version: '25', eventsTold: 0, moved: [], skipped: [] });
    expect(outcome.summary['zh-CN']).toContain('未能通知进行中的活动');
    expect(executeUpdate).not.toHaveBeenCalled();
  });

  it("passes an event over, saying so, when its calendar cannot be read", async () => {
    const { calendar, executeUpdate } = service({ snapshot: failing() });
    const outcome = await calendar.deleteDay(admin, '2027-03-10');
    expect(outcome.eventsTold).toBe(1);
    expect(outcome.skipped).toEqual([{ eventId: event.id, title: event.title, reason: expect.objectContaining({ 'zh-CN': expect.stringContaining('未能通知') }) }]);
    expect(executeUpdate).not.toHaveBeenCalled();
  });
});

describe('an event started during a change', () => {
  it('is sent the newer calendar at once, on behalf of the admin who made the change', async () => {
    const { calendar, executeUpdate } = service();
    await calendar.catchUp(event, '24');
    expect(executeUpdate).toHaveBeenCalledTimes(1);
    expect(executeUpdate.mock.calls[0]).toMatchObject([
      expect.anything(),
      { args: [{ actor: { id: admin.id, displayName: '管理员', isAdmin: true }, calendar: { version: '25', fromYear: 2026, toYear: 2027 } }] },
    ]);
  });

  it('is sent nothing when it holds the calendar in force, and its start never fails for the calendar', async () => {
    const { calendar, executeUpdate } = service();
    await calendar.catchUp(event, '25');
    expect(executeUpdate).not.toHaveBeenCalled();
    const broken = service({ version: failing() });
    await expect(broken.calendar.catchUp(event, '24')).resolves.toBeUndefined();
    expect(broken.executeUpdate).not.toHaveBeenCalled();
  });
});
