import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'fulian:public';

/** Lets a route through without a token (sign-in, /health). Every other route requires one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
