// Where people and units want to be told: a person's own email (on or off, which address, and for
// which kinds: 通知设置), and a unit's group robots and webhooks, set by an administrator or by the
// unit's own contact.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../access/access.service';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UNIT_CONTACT_ROLES, ROLE_LABELS } from '../org/org.constants';
import { DirectoryService } from '../org/directory.service';
import type { RobotChannelName } from './channels/channel';
import { OutboundPolicy } from './channels/outbound-policy';
import type { LocalizedText } from '../../workflows/template-types';
import { KIND_LABELS, MUST_ACT_KINDS, NOTIFICATION_KINDS, type NotificationKind } from './kinds';
import type { EmailChannelDto, NotificationSettingsDto, UnitChannelsDto } from './notifications.dto';

export interface MyChannels {
  email: { enabled: boolean; address: string | null };
}

/** 通知设置: the email channel, and each kind's email switch (the in-app inbox has every kind). */
export interface NotificationSettings {
  channel: MyChannels['email'];
  kinds: { kind: NotificationKind; label: LocalizedText; mustAct: boolean; email: boolean }[];
}

export interface UnitRobot {
  id: string;
  channel: RobotChannelName;
  /** A group robot's URL is its credential: only those who may edit the unit's robots see it. */
  url: string;
  enabled: boolean;
  /** Secrets are never returned, only whether one is set. */
  hasSecret: boolean;
}

export interface UnitChannels {
  unit: { code: string; nameZh: string; nameEn: string };
  robots: UnitRobot[];
}

@Injectable()
export class ChannelPreferencesService {
  /** The same rules the worker applies before each send; no DNS here (the connect-time check is the guard). */
  private readonly outbound: OutboundPolicy;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: DirectoryService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly access: AccessService,
  ) {
    this.outbound = new OutboundPolicy(config.notifications.outbound);
  }

  async mine(user: AuthUser): Promise<MyChannels> {
    const [row] = await this.dataSource.query<{ enabled: boolean | null; target: string | null; email: string | null }[]>(
      `SELECT p.enabled, p.target, u.email
         FROM users u LEFT JOIN channel_preferences p ON p.user_id = u.id AND p.channel = 'email'
        WHERE u.id = $1
        ORDER BY p.enabled DESC NULLS LAST, p.updated_at DESC NULLS LAST
        LIMIT 1`,
      [user.id],
    );
    return { email: { enabled: row?.enabled === true, address: row?.target ?? row?.email ?? null } };
  }

  async setMine(user: AuthUser, dto: EmailChannelDto): Promise<MyChannels> {
    const current = await this.mine(user);
    const address = dto.address?.trim() ?? current.email.address;
    if (!address) {
      throw new DomainError('INVALID', '账号没有邮箱地址，请填写 address', 'The account has no email address: give one in address', [
        { field: 'email.address', message: { 'zh-CN': '请填写邮箱地址', en: 'an address is required' } },
      ]);
    }
    await this.dataSource.transaction(async (m) => {
      // One address per person: switching address replaces the old one.
      await m.query(`DELETE FROM channel_preferences WHERE user_id = $1 AND channel = 'email' AND target <> $2`, [user.id, address]);
      await m.query(
        `INSERT INTO channel_preferences (user_id, channel, target, enabled) VALUES ($1, 'email', $2, $3)
         ON CONFLICT (user_id, channel, target) WHERE user_id IS NOT NULL
         DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
        [user.id, address, dto.enabled],
      );
    });
    return this.mine(user);
  }

  async settings(user: AuthUser): Promise<NotificationSettings> {
    const [{ email: channel }, rows] = await Promise.all([
      this.mine(user),
      this.dataSource.query<{ kind: string; email: boolean }[]>('SELECT kind, email FROM notification_settings WHERE user_id = $1', [user.id]),
    ]);
    // No row: the kind comes by email whenever the channel is on, as every kind did before 通知设置.
    const off = new Set(rows.filter((r) => !r.email).map((r) => r.kind));
    return {
      channel,
      kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, label: KIND_LABELS[kind], mustAct: MUST_ACT_KINDS.has(kind), email: !off.has(kind) })),
    };
  }

  async setSettings(user: AuthUser, dto: NotificationSettingsDto): Promise<NotificationSettings> {
    // The last word on a kind listed twice wins (one row per kind and person).
    const wanted = [...new Map(dto.kinds.map((k) => [k.kind, k.email])).entries()].map(([kind, email]) => ({ kind, email }));
    await this.dataSource.query(
      `INSERT INTO notification_settings (user_id, kind, email)
       SELECT $1, kind, email FROM jsonb_to_recordset($2::jsonb) AS w(kind text, email boolean)
       ON CONFLICT (user_id, kind) DO UPDATE SET email = EXCLUDED.email, updated_at = now()`,
      [user.id, JSON.stringify(wanted)],
    );
    return this.settings(user);
  }

  async ofUnit(user: AuthUser, code: string): Promise<UnitChannels> {
    const unit = await this.authorise(user, code);
    const rows = await this.dataSource.query<{ id: string; channel: RobotChannelName; target: string; enabled: boolean; has_secret: boolean }[]>(
      `SELECT id, channel, target, enabled, secret IS NOT NULL AS has_secret FROM channel_preferences
        WHERE unit_code = $1 ORDER BY channel, created_at, target`,
      [unit.code],
    );
    return {
      unit: { code: unit.code, nameZh: unit.nameZh, nameEn: unit.nameEn },
      robots: rows.map((r) => ({ id: r.id, channel: r.channel, url: r.target, enabled: r.enabled, hasSecret: r.has_secret })),
    };
  }

  /** Replaces the unit's robots. A robot given without a secret keeps the one it had (same channel and URL). */
  async setUnit(user: AuthUser, code: string, dto: UnitChannelsDto): Promise<UnitChannels> {
    const unit = await this.authorise(user, code);
    await this.dataSource.transaction(async (m) => {
      const existing = await m.query<{ channel: string; target: string; secret: string | null }[]>(
        'SELECT channel, target, secret FROM channel_preferences WHERE unit_code = $1 FOR UPDATE',
        [unit.code],
      );
      const keyOf = (channel: string, target: string) => `${channel} ${target}`;
      const secrets = new Map(existing.map((e) => [keyOf(e.channel, e.target), e.secret]));
      const problems: FieldProblem[] = [];
      const seen = new Set<string>();
      const wanted = dto.robots.map((r, i) => {
        const key = keyOf(r.channel, r.url);
        if (seen.has(key)) {
          problems.push({ field: `robots.${i}.url`, message: { 'zh-CN': '与前面的机器人重复', en: 'repeats an earlier robot' } });
        }
        seen.add(key);
        const refusal = this.outbound.checkUrl(r.channel, r.url);
        if (refusal) problems.push({ field: `robots.${i}.url`, message: { 'zh-CN': refusal.zh, en: refusal.en } });
        const secret = r.secret ?? secrets.get(key) ?? null;
        if (r.channel === 'webhook' && !secret) {
          problems.push({ field: `robots.${i}.secret`, message: { 'zh-CN': 'webhook 须设置签名密钥', en: 'a webhook needs a signing secret' } });
        }
        return { channel: r.channel, target: r.url, secret, enabled: r.enabled ?? true };
      });
      if (problems.length) {
        const say = (lang: 'zh-CN' | 'en') => problems.map((p) => `${p.field} ${typeof p.message === 'string' ? p.message : p.message[lang]}`);
        throw new DomainError('INVALID', `机器人设置有误：${say('zh-CN').join('；')}`, `Invalid robots: ${say('en').join('; ')}`, problems);
      }
      await m.query(
        `DELETE FROM channel_preferences p WHERE p.unit_code = $1
           AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS w(channel text, target text)
                            WHERE w.channel = p.channel AND w.target = p.target)`,
        [unit.code, JSON.stringify(wanted)],
      );
      await m.query(
        `INSERT INTO channel_preferences (unit_code, channel, target, secret, enabled)
         SELECT $1, channel, target, secret, enabled FROM jsonb_to_recordset($2::jsonb) AS w(channel text, target text, secret text, enabled boolean)
         ON CONFLICT (unit_code, channel, target) WHERE unit_code IS NOT NULL
         DO UPDATE SET secret = EXCLUDED.secret, enabled = EXCLUDED.enabled, updated_at = now()`,
        [unit.code, JSON.stringify(wanted)],
      );
    });
    return this.ofUnit(user, code);
  }

  /** An administrator, or the unit's own contact (a district's liaison, a department's head…). */
  private async authorise(user: AuthUser, code: string) {
    const unit = await this.directory.getUnit(code);
    if (!unit) throw new DomainError('NOT_FOUND', `单位 ${code} 不存在`, `No unit with code ${code}`);
    const label = ROLE_LABELS[UNIT_CONTACT_ROLES[unit.kind]];
    await this.access.require(user, 'unit.channels.edit', { unitCode: unit.code }, [
      `只有系统管理员或本单位${label['zh-CN']}可以设置${unit.nameZh}的机器人`,
      `Only an administrator or the unit's ${label.en.toLowerCase()} may set the robots of ${unit.nameEn}`,
    ]);
    return unit;
  }
}
