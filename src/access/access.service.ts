// Asked first by every service method: `await access.require(user, 'event.manage', { event })`.
// Refusals are 403 with a bilingual message; what an event shows a caller comes from eventView().
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventTemplate } from '../../workflows/template-types';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { TemplateRegistry } from '../templates/template-registry.service';
import { ACCESS_POLICY, permits, type AccessResource, type Action } from './access.policy';
import { EventView, type EventFacts, type StepPeople } from './event-view';
import { personalFieldsOf } from './personal-data';

/** What a refusal says, per action (zh-CN / en). */
const REFUSALS: Partial<Record<Action, [string, string]>> = {
  'event.manage': ['只能管理本部门牵头的活动', 'You can manage only events of your department'],
  'event.oversee': ['无权查看此活动的管理信息', "You may not see this event's management views"],
  'receipts.read': ['无权查看此通知的签收情况', "You may not see this notice's receipts"],
  'task.read': ['无权查看此待办', 'You may not see this task'],
  'admin.dead-letters': ['需要管理员权限', 'Admin only'],
  'admin.sessions': ['需要管理员权限', 'Admin only'],
  'admin.lockouts': ['需要管理员权限', 'Admin only'],
  'admin.passwords': ['需要管理员权限', 'Admin only'],
  'admin.self-check': ['需要管理员权限', 'Admin only'],
  'working-calendar.edit': ['只有管理员可以修改工作日历', 'Only an admin can change the working-day calendar'],
};

@Injectable()
export class AccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplateRegistry,
  ) {}

  /** Throws 403 unless the policy lets `user` take `action` on `resource`; `refusal` words it for the case. */
  async require(user: AuthUser | undefined, action: Action, resource: AccessResource = {}, refusal?: [string, string]): Promise<void> {
    if (permits(user, action, resource)) return;
    if (!user) throw new DomainError('UNAUTHENTICATED', '缺少或无效的登录令牌', 'Missing or invalid token');
    const [zh, en] = refusal ?? REFUSALS[action] ?? ['无权执行此操作', `Not allowed: ${ACCESS_POLICY[action].what}`];
    throw new DomainError('FORBIDDEN', zh, en);
  }

  permits(user: AuthUser | undefined, action: Action, resource: AccessResource = {}): boolean {
    return permits(user, action, resource);
  }

  /**
   * What `user` may see of one event: whose steps' values, which receipts, what unmasked. `people`
   * are the event's tasks as who took part in which step (live state or read model alike).
   */
  async eventView(user: AuthUser, event: EventFacts, people: StepPeople[]): Promise<EventView> {
    const template = await this.templateOf(event.templateCode, event.templateVersion);
    // Marks in the current file count too: a field found personal later is protected in old events.
    const personal = personalFieldsOf(template, this.templates.find(event.templateCode));
    return new EventView(user, event, template, people, personal, await this.stepsCopiedTo(event.id, user.id));
  }

  /** The steps of the event `userId` was copied on (抄送): they may read them (cc-recipient). */
  private async stepsCopiedTo(eventId: string, userId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ step_id: string }[]>('SELECT DISTINCT step_id FROM cc_recipients WHERE event_id = $1 AND recipient_id = $2', [eventId, userId]);
    return rows.map((r) => r.step_id);
  }

  private async templateOf(code: string, version: number): Promise<EventTemplate | undefined> {
    const current = this.templates.find(code);
    if (current?.version === version) return current;
    const [row] = await this.dataSource.query<{ content: EventTemplate }[]>('SELECT content FROM template_versions WHERE code = $1 AND version = $2', [code, version]);
    return row?.content;
  }
}
