// The paging every list takes: `page` from 1, `pageSize` up to a list's own bound, with the reason
// for a refusal in Chinese and English.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The last page a list answers: past it an offset would overflow PostgreSQL's bigint (a 500, found by fuzzing). */
export const MAX_PAGE = 100_000;

const PAGE_MESSAGE = `page 须为 1 至 ${MAX_PAGE} 的整数 / page must be an integer from 1 to ${MAX_PAGE}`;

/** The query class of a list whose pages hold up to `maxPageSize` rows, `defaultPageSize` unless asked. */
export function pagedQuery(maxPageSize: number, defaultPageSize: number) {
  const pageSizeMessage = `pageSize 须为 1 至 ${maxPageSize} 的整数 / pageSize must be an integer from 1 to ${maxPageSize}`;

  class Paged {
    @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: MAX_PAGE })
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: PAGE_MESSAGE })
    @Min(1, { message: PAGE_MESSAGE })
    @Max(MAX_PAGE, { message: PAGE_MESSAGE })
    page: number = 1;

    @ApiPropertyOptional({ type: 'integer', default: defaultPageSize, minimum: 1, maximum: maxPageSize })
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: pageSizeMessage })
    @Min(1, { message: pageSizeMessage })
    @Max(maxPageSize, { message: pageSizeMessage })
    pageSize: number = defaultPageSize;
  }
  return Paged;
}

/** Events, tasks, notifications: 20 a page, up to 100. */
export class PageQuery extends pagedQuery(100, 20) {}
