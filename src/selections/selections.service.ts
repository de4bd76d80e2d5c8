// The monthly 时代女性榜's Schedule as the publicity department and the admin manage it: enable
// (create or reconfigure), pause with a note, resume, skip a month and take the skip back. Every
// month's event is an ordinary event; this service only reads them back by template.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import {
  DEFAULT_PUBLICATION_DAY,
  chinaMonthOf,
  publicationTime,
  type MonthlySelectionInput,
} from '../../workflows/selection-model';
import { AccessService } from '../access/access.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { asDomainError } from '../events/event-messages';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { TemplateRegistry } from '../templates/template-registry.service';
import type { WomenListScheduleDto } from './selections.dto';
import {
  WOMEN_LIST_POLICIES,
  WOMEN_LIST_TEMPLATE,
  missedMonths,
  monthRunTime,
  monthWindow,
  skippedMonths,
  womenListAction,
  womenListScheduleId,
  womenListSpec,
  type SkippedMonth,
} from './women-list-schedule';

/** The publicity department leads the list: its head manages the Schedule (with the admin). */
const LIST_OWNER = { event: { leadUnit: 'dept-publicity' } };
const NEXT_RUNS_SHOWN = 6;
/** The Schedule takes a backfill, and a worker writes the month's event, a moment later: 补跑 waits that long at most. */
const RUN_AWAITED_MS = 15_000;

const NOT_ENABLED = () => new DomainError('CONFLICT', '时代女性榜的月度评选尚未启用', 'The monthly selection is not enabled yet');

@Injectable()
export class SelectionsService {
  private readonly log = new Logger('Selections');
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplateRegistry,
    private readonly access: AccessService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get scheduleId(): string {
    return womenListScheduleId(this.config.temporal.taskQueue);
  }

  private get handle(): ScheduleHandle {
    return this.temporal.schedule.getHandle(this.scheduleId);
  }

  async womenList(user: AuthUser): Promise<WomenListScheduleDto> {
    await this.access.require(user, 'selection.read');
    return this.view(user);
  }

  /** Creates the Schedule, or gives the existing one this day, organiser and the template's current version. */
  async enable(user: AuthUser, dayOfMonth = DEFAULT_PUBLICATION_DAY): Promise<WomenListScheduleDto> {
    await this.manage(user);
    const template = this.templates.get(WOMEN_LIST_TEMPLATE);
    // Every month runs this version: it is frozen now, as an event's start freezes it.
    await this.dataSource.transaction((m) => this.templates.markUsed(m, template));
    const selection: MonthlySelectionInput = {
      scheduleId: this.scheduleId,
      templateCode: template.code,
      templateVersion: template.version,
      publicationDay: dayOfMonth,
      organiser: { id: user.id, displayName: user.displayName },
      dateChangeNoticeWindowMs: this.config.notifications.dateChangeNoticeWindowMs,
    };
    const action = womenListAction(selection, this.config.temporal.taskQueue);
    try {
      await this.temporal.schedule.create({
        scheduleId: this.scheduleId,
        spec: womenListSpec([]),
        action,
        policies: WOMEN_LIST_POLICIES,
        state: { note: `${user.displayName} 启用 / enabled by ${user.displayName}` },
      });
      this.log.log(`Schedule ${this.scheduleId} created by ${user.id}, publication day ${dayOfMonth}`);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw asDomainError(err);
      await this.update((previous) => ({ skipped: skippedMonths(previous.spec), action }));
    }
    return this.view(user);
  }

  async pause(user: AuthUser, note: string): Promise<WomenListScheduleDto> {
    await this.manage(user);
    await this.call((h) => h.pause(`${note}（${user.displayName}） / paused by ${user.displayName}`));
    return this.view(user);
  }

  async resume(user: AuthUser): Promise<WomenListScheduleDto> {
    await this.manage(user);
    await this.call((h) => h.unpause(`${user.displayName} 恢复 / resumed by ${user.displayName}`));
    return this.view(user);
  }

  /** Leaves a coming month out: Temporal will not start it (the spec's exclusions). */
  async skip(user: AuthUser, month: string): Promise<WomenListScheduleDto> {
    await this.manage(user);
    if (month < chinaMonthOf(Date.now())) {
      throw new DomainError('INVALID', `${month} 已过，不能跳过`, `${month} is past and cannot be skipped`, [
        { field: 'month', message: { 'zh-CN': '须为本月或以后的月份', en: 'must be this month or later' } },
      ]);
    }
    if ((await this.monthsRun()).some((r) => r.month === month)) {
      throw new DomainError('CONFLICT', `${month} 的评选已开始，请在活动中取消`, `The selection of ${month} has started; cancel its event instead`);
    }
    await this.update((previous) => ({
      skipped: [...skippedMonths(previous.spec).filter((s) => s.month !== month), { month, by: user.displayName }],
    }));
    return this.view(user);
  }

  async unskip(user: AuthUser, month: string): Promise<WomenListScheduleDto> {
    await this.manage(user);
    await this.update((previous) => ({ skipped: skippedMonths(previous.spec).filter((s) => s.month !== month) }));
    return this.view(user);
  }

  /** 补跑: Temporal's backfill over that month alone, so the Schedule starts the month's run as if its 1st had come. */
  async run(user: AuthUser, month: string): Promise<WomenListScheduleDto> {
    await this.manage(user);
    const schedule = await this.describe();
    if (!schedule) throw NOT_ENABLED();
    await this.refuseRun(schedule, month);
    await this.call((h) => h.backfill([{ ...monthWindow(month), overlap: ScheduleOverlapPolicy.ALLOW_ALL }]));
    this.log.log(`Schedule ${this.scheduleId}: ${month} run by ${user.id}`);
    await this.untilEventWritten(month);
    return this.view(user);
  }

  private async refuseRun(schedule: ScheduleDescription, month: string): Promise<void> {
    if (skippedMonths(schedule.spec).some((s) => s.month === month)) {
      throw new DomainError('CONFLICT', `${month} 已跳过，请先取消跳过再补跑`, `${month} is skipped: take the skip back before running it`);
    }
    if ((await this.startedMonths(schedule, await this.monthsRun())).has(month)) {
      throw new DomainError('CONFLICT', `${month} 的评选已开始，不能补跑`, `The selection of ${month} has started already`);
    }
    if (monthRunTime(month).getTime() > Date.now()) {
      throw new DomainError('CONFLICT', `${month} 尚未到开始时间，不能补跑`, `${month} is not due yet, so it cannot be run now`);
    }
  }

  /** Until the month's run has written its event, so the answer shows it and a second click is refused. */
  private async untilEventWritten(month: string): Promise<void> {
    for (const until = Date.now() + RUN_AWAITED_MS; Date.now() < until; await sleep(250)) {
      if ((await this.monthsRun()).some((m) => m.month === month)) return;
    }
    // No worker took the run yet: it starts the event when one does, and the month shows as started meanwhile.
    this.log.warn(`Schedule ${this.scheduleId}: the event of ${month} was not there within ${RUN_AWAITED_MS} ms`);
  }

  private manage(user: AuthUser): Promise<void> {
    return this.access.require(user, 'selection.manage', LIST_OWNER, ['只有管理员和宣传部负责人可以管理月度评选', 'Only an admin or the head of the Publicity Department can manage the monthly selection']);
  }

  /** Rewrites the Schedule from its builders, keeping what `change` does not say (its pause, its action). */
  private update(change: (previous: ScheduleDescription) => { skipped: SkippedMonth[]; action?: ReturnType<typeof womenListAction> }): Promise<void> {
    return this.call((h) =>
      h.update((previous) => {
        const next = change(previous);
        const selection = (next.action?.args[0] ?? previous.action.args?.[0]) as MonthlySelectionInput;
        return {
          spec: womenListSpec(next.skipped),
          action: next.action ?? womenListAction(selection, this.config.temporal.taskQueue),
          policies: WOMEN_LIST_POLICIES,
          state: { paused: previous.state.paused, note: previous.state.note },
        };
      }),
    );
  }

  private async call<T>(send: (h: ScheduleHandle) => Promise<T>): Promise<T> {
    try {
      return await send(this.handle);
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw NOT_ENABLED();
      throw asDomainError(err);
    }
  }

  private async describe(): Promise<ScheduleDescription | undefined> {
    try {
      return await this.handle.describe();
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return undefined;
      throw asDomainError(err);
    }
  }

  /** The months whose events exist, from the read model: every event of the list's template. */
  private async monthsRun(): Promise<WomenListScheduleDto['months']> {
    const rows = await this.dataSource.query<{ id: string; title: string; status: string; starts_at: Date }[]>(
      'SELECT id, title, status, starts_at FROM events WHERE template_code = $1 ORDER BY starts_at DESC',
      [WOMEN_LIST_TEMPLATE],
    );
    return rows.map((r) => ({ month: chinaMonthOf(r.starts_at.getTime()), eventId: r.id, title: r.title, status: r.status, publishesAt: r.starts_at.toISOString() }));
  }

  /**
   * The months started: those with an event, and those whose run the Schedule started that is under
   * way before writing its event. A run that failed before making its event may be run again.
   */
  private async startedMonths(schedule: ScheduleDescription, withEvents: WomenListScheduleDto['months']): Promise<Set<string>> {
    const started = new Set(withEvents.map((m) => m.month));
    const pending = schedule.info.recentActions.filter((a) => !started.has(chinaMonthOf(a.scheduledAt.getTime())));
    const outcomes = await Promise.all(
      pending.map((a) => this.temporal.workflow.getHandle(a.action.workflow.workflowId).describe().then((d) => d.status.name, () => 'NOT_FOUND')),
    );
    pending.forEach((a, i) => {
      if (outcomes[i] === 'RUNNING' || outcomes[i] === 'COMPLETED') started.add(chinaMonthOf(a.scheduledAt.getTime()));
    });
    return started;
  }

  private async view(user: AuthUser): Promise<WomenListScheduleDto> {
    const [schedule, months] = await Promise.all([this.describe(), this.monthsRun()]);
    const started = schedule ? await this.startedMonths(schedule, months) : new Set<string>();
    const selection = schedule?.action.args?.[0] as MonthlySelectionInput | undefined;
    const day = selection?.publicationDay ?? DEFAULT_PUBLICATION_DAY;
    return {
      scheduleId: this.scheduleId,
      enabled: !!schedule,
      paused: schedule?.state.paused ?? false,
      note: schedule?.state.note ?? null,
      publicationDay: selection?.publicationDay ?? null,
      organiser: selection?.organiser ?? null,
      nextRuns: (schedule?.info.nextActionTimes ?? []).slice(0, NEXT_RUNS_SHOWN).map((at) => {
        const month = chinaMonthOf(at.getTime());
        return { month, startsAt: at.toISOString(), publishesAt: publicationTime(month, day) };
      }),
      skipped: schedule ? skippedMonths(schedule.spec) : [],
      months,
      missedRuns: schedule?.info.numActionsMissedCatchupWindow ?? 0,
      missedMonths: schedule ? missedMonths(schedule, started, Date.now()) : [],
      canManage: this.access.permits(user, 'selection.manage', LIST_OWNER),
    };
  }
}
