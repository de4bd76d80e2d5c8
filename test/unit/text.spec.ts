// Free text is trimmed of white space and invisible characters before validation: a required field
// with nothing left is refused, an optional one is taken as not given.
import { BadRequestException } from '@nestjs/common';
import { CreateEventDto, ReasonDto, RescheduleDto } from '../../src/events/events.dto';
import type { ApiErrorBody } from '../../src/common/api-errors';
import { trimInvisible } from '../../src/common/text';
import { BilingualValidationPipe } from '../../src/common/validation-messages';
import { ApproveDto, DelegateDto, RejectDto } from '../../src/tasks/tasks.dto';

const pipe = new BilingualValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
const accept = (metatype: new () => object, value: object) => pipe.transform(value, { type: 'body', metatype }) as Promise<Record<string, unknown>>;
async function refusal(metatype: new () => object, value: object): Promise<string[]> {
  try {
    await accept(metatype, value);
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    return ((e as BadRequestException).getResponse() as ApiErrorBody).details!.map((d) => `${d.message['zh-CN']} / ${d.message.en}`);
  }
  throw new Error(`accepted: ${JSON.stringify(value)}`);
}

const BLANKS = [' ', '\t\n', '\u00A0', '\u3000', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u180E', '\u00AD', '\u202E', '\u3164', '\u2800'];

describe('trimming free text', () => {
  it('refuses a required title, reason or reject comment that is blank once trimmed', async () => {
    for (const blank of BLANKS) {
      const startsAt = '2099-06-01T09:30:00+08:00';
      expect(await refusal(CreateEventDto, { templateCode: 'childrens-day-sorting', title: blank.repeat(3), startsAt })).toEqual(['title 不能为空 / title should not be empty']);
      expect(await refusal(ReasonDto, { reason: blank })).toEqual(['须填写原因 / reason is required']);
      expect(await refusal(RejectDto, { comment: `${blank} ${blank}` })).toEqual(['退回须填写意见 / comment is required when rejecting']);
    }
  });

  it('stores text cut of white space and invisible characters at both ends (kept inside), and drops an optional field that is blank', async () => {
    expect(trimInvisible(`${BLANKS.join('')}妇联 年会${BLANKS.join('')}`)).toBe('妇联 年会');
    expect(trimInvisible('家庭\u200D教育')).toBe('家庭\u200D教育');
    const event = await accept(CreateEventDto, { templateCode: 'childrens-day-sorting', title: '\u3000 六一活动\u200B', venue: '\uFEFF\u00A0', startsAt: '2099-06-01T09:30:00+08:00' });
    expect([event.title, event.venue]).toEqual(['六一活动', undefined]);
    expect((await accept(RescheduleDto, { startsAt: '2099-06-02T09:30:00+08:00', reason: '\u200B' })).reason).toBeUndefined();
    expect((await accept(ApproveDto, { comment: ' 同意 ' })).comment).toBe('同意');
    expect((await accept(ApproveDto, { comment: '\u2060' })).comment).toBeUndefined();
    expect((await accept(DelegateDto, { toUserId: '00000000-0000-4000-8000-000000000000', comment: '\u3000' })).comment).toBeUndefined();
    // Not a string: left for IsString to refuse.
    expect(await refusal(ReasonDto, { reason: 7 })).toContain('reason 须为文本 / reason must be a string');
  });
});

describe('trimming a long text', () => {
  it('takes time in proportion to its length: a title of 90,000 spaces between two letters does not hold the server', () => {
    // A regex /X+$/ retried from every blank inside the text: this one took 19 s, the event loop stopped.
    const title = `a${' '.repeat(90_000)}b`;
    const started = Date.now();
    expect(trimInvisible(title)).toBe(title);
    expect(trimInvisible(` \u200B${title}\u3000\u{E0001} `)).toBe(title);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
