import type { ReactNode } from 'react';
import { Result } from 'antd';
import { ApiError } from '../api/client';
import { loc } from '../format';

/** A page whose data could not be loaded: 404 and 403 as such, anything else as an error, with the server's message. */
export function ApiErrorResult({ error, extra }: { error: Error; extra?: ReactNode }) {
  const status = error instanceof ApiError ? error.status : 500;
  const title = error instanceof ApiError && error.text ? loc(error.text) : error.message;
  return <Result status={status === 404 ? '404' : status === 403 ? '403' : 'error'} title={title} extra={extra} />;
}
