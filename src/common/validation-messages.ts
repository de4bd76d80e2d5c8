// class-validator words its refusals in English; the people using the product read Chinese. Every
// refusal of a request body or query is answered "中文 / English", as the API's other messages are
// (the web app shows the half in the chosen language). A message a DTO already words in both
// languages is left as it is; one this table does not know stays English.
import { ValidationPipe, type ValidationError } from '@nestjs/common';

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

/** One refusal in both languages, Chinese first. */
export function bilingual(message: string): string {
  if (CHINESE.test(message)) return message;
  // A rule applied to every element of a list: "each value in …", after the list's path when nested.
  const each = /^(?:[\w-]+\.)*each value in (.+)$/.exec(message);
  const english = each ? each[1] : message;
  for (const [pattern, zh] of RULES) {
    const m = pattern.exec(english);
    if (m) return `${each ? '每一项：' : ''}${zh(...m.slice(1))} / ${message}`;
  }
  return message;
}

/** Nest's ValidationPipe, its refusals in Chinese and English, each said once. */
export class BilingualValidationPipe extends ValidationPipe {
  protected override flattenValidationErrors(errors: ValidationError[]): string[] {
    // One message may stand for several rules (pageSize=x breaks IsInt, Min and Max alike).
    return [...new Set(super.flattenValidationErrors(errors).map(bilingual))];
  }
}
