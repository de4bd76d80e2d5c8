// class-validator words its refusals in English; the people using the product read Chinese. Every
// refusal of a request body or query is answered in both languages, each problem in `details` with
// its field (the web app shows the language chosen). A message a DTO already words in both languages
// ("中文 / English") is split into its halves; one this table does not know is English in both.
import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { bilingualOf, errorBody, type Bilingual, type FieldProblem } from './api-errors';

type Rule = [RegExp, (...groups: string[]) => string];

/** class-validator's default messages (v0.14), the field first; the field may be a path (robots.0.url). */
const RULES: Rule[] = [
  [/^property (\S+) should not exist$/, (f) => `不允许的字段 ${f}`],
  [/^nested property (\S+) must be either object or array$/, (f) => `${f} 须为对象或数组`],
  [/^(\S+) should not be empty$/, (f) => `${f} 不能为空`],
  [/^(\S+) should not be null or undefined$/, (f) => `${f} 必填`],
  [/^(\S+) must be a string$/, (f) => `${f} 须为文本`],
  [/^(\S+) must be an integer number$/, (f) => `${f} 须为整数`],
  [/^(\S+) must be a number conforming to the specified constraints$/, (f) => `${f} 须为数字`],
  [/^(\S+) must be a boolean value$/, (f) => `${f} 须为 true 或 false`],
  [/^(\S+) must be an object$/, (f) => `${f} 须为对象`],
  [/^(\S+) must be an array$/, (f) => `${f} 须为数组`],
  [/^(\S+) must be a UUID$/, (f) => `${f} 须为 UUID`],
  [/^(\S+) must be an email$/, (f) => `${f} 须为电子邮件地址`],
  [/^(\S+) must be a URL address$/, (f) => `${f} 须为网址`],
  [/^(\S+) must be one of the following values: (.*)$/, (f, values) => `${f} 须为以下值之一：${values}`],
  [/^(\S+) must not be greater than (\S+)$/, (f, n) => `${f} 不能大于 ${n}`],
  [/^(\S+) must not be less than (\S+)$/, (f, n) => `${f} 不能小于 ${n}`],
  [/^(\S+) must be shorter than or equal to (\d+) characters$/, (f, n) => `${f} 最多 ${n} 个字符`],
  [/^(\S+) must be longer than or equal to (\d+) characters$/, (f, n) => `${f} 至少 ${n} 个字符`],
  [/^(\S+) must contain no more than (\d+) elements$/, (f, n) => `${f} 最多 ${n} 项`],
  [/^(\S+) must contain at least (\d+) elements$/, (f, n) => `${f} 至少 ${n} 项`],
  [/^(\S+) must be a valid ISO 8601 date string$/, (f) => `${f} 须为 ISO 8601 日期时间`],
  [/^(\S+) must be a valid ISO 8601 date-time such as (\S+)$/, (f, example) => `${f} 须为日期时间，如 ${example}`],
  [/^(\S+) must match .+ regular expression$/, (f) => `${f} 格式不正确`],
];

const CHINESE = /[\u4e00-\u9fff]/;

/** One refusal in both languages. */
export function bilingual(message: string): Bilingual {
  if (CHINESE.test(message)) return bilingualOf(message);
  // A rule applied to every element of a list: "each value in …", after the list's path when nested.
  const each = /^(?:[\w-]+\.)*each value in (.+)$/.exec(message);
  const english = each ? each[1] : message;
  for (const [pattern, zh] of RULES) {
    const m = pattern.exec(english);
    if (m) return { 'zh-CN': `${each ? '每一项：' : ''}${zh(...m.slice(1))}`, en: message };
  }
  return { 'zh-CN': message, en: message };
}

/** Every problem of a validation, with the path of its field; each said once. */
export function fieldProblems(errors: ValidationError[], parentPath?: string, into: FieldProblem[] = [], seen = new Set<string>()): FieldProblem[] {
  for (const error of errors) {
    const field = parentPath ? `${parentPath}.${error.property}` : (error.property ?? 'body');
    for (const constraint of Object.values(error.constraints ?? {})) {
      // A message opens with the property's name; the path above it is ours to add, in both halves.
      const own = bilingual(constraint);
      const withPath = (text: string) => (parentPath && text.startsWith(error.property) ? `${parentPath}.${text}` : text);
      const message = { 'zh-CN': withPath(own['zh-CN']), en: withPath(own.en) };
      // One message may stand for several rules (pageSize=x breaks IsInt, Min and Max alike).
      const key = `${field}\u0000${message.en}`;
      if (seen.has(key)) continue;
      seen.add(key);
      into.push({ field, message });
    }
    if (error.children?.length) fieldProblems(error.children, field, into, seen);
  }
  return into;
}

/** The refusal of a request that fails validation: every problem in one sentence, and each with its field. */
export function validationRefusal(details: FieldProblem[]): BadRequestException {
  const message: Bilingual = {
    'zh-CN': details.map((d) => d.message['zh-CN']).join('；') || '请求有误',
    en: details.map((d) => d.message.en).join('; ') || 'The request is invalid',
  };
  return new BadRequestException(errorBody(400, 'INVALID', message, details));
}

/** Nest's ValidationPipe, its refusals in Chinese and English, with the fields at fault. */
export class BilingualValidationPipe extends ValidationPipe {
  override createExceptionFactory(): (errors?: ValidationError[]) => unknown {
    return (errors = []) => {
      const budget = { remaining: this.maxErrorMessagesLength, isExceeded: false };
      const details = fieldProblems(this.limitValidationErrors(errors, budget));
      if (budget.isExceeded) details.push({ field: 'body', message: { 'zh-CN': '其余错误从略', en: 'Further validation errors were omitted' } });
      return validationRefusal(details);
    };
  }
}
