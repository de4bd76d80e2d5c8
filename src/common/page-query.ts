// The paging every list takes: `page` from 1, `pageSize` up to 100, with the reason for a refusal
// in Chinese and English.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The last page a list answers: past it an offset would overflow PostgreSQL's bigint (a 500, found by fuzzing). */
export const MAX_PAGE = 100_000;

export const PAGE_MESSAGE = `page 须为 1 至 ${MAX_PAGE} 的整数 / page must be an integer from 1 to ${MAX_PAGE}`;
const PAGE_SIZE_MESSAGE = 'pageSize 须为 1 至 100 的整数 / pageSize must be an integer from 1 to 100';

export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: PAGE_MESSAGE })
  @Min(1, { message: PAGE_MESSAGE })
  @Max(MAX_PAGE, { message: PAGE_MESSAGE })
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: PAGE_SIZE_MESSAGE })
  @Min(1, { message: PAGE_SIZE_MESSAGE })
  @Max(100, { message: PAGE_SIZE_MESSAGE })
  pageSize: number = 20;
}

