import { Param, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in URLs are UUIDs; anything else is refused before it reaches the database. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * A path parameter that must be a UUID: anything else is a 400 naming the parameter (the OpenAPI
 * document says `format: uuid`), not a 404 that reads as "no such thing" — a mistyped or truncated
 * link should say it is malformed.
 */
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUuid(value)) return value;
    const name = metadata.data ?? 'id';
    const message = { 'zh-CN': '须为 UUID（如 3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d）', en: 'must be a UUID (such as 3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d)' };
    throw new DomainError('INVALID', `路径参数 ${name} ${message['zh-CN']}`, `path parameter ${name} ${message.en}`, [{ field: name, message }]);
  }
}

/** `@UuidParam('id') id: string` — the route's UUID path parameter, refused with a 400 when malformed. */
export const UuidParam = (name = 'id'): ParameterDecorator => Param(name, ParseUuidPipe);
