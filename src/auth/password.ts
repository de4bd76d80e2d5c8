// Password hashing, in one place for the seed and for sign-in.
import { compare, hash } from 'bcryptjs';
import { randomUUID } from 'node:crypto';

/** bcrypt cost: about 50–100 ms per hash in bcryptjs, enough to make guessing slow, short enough for sign-in. */
const ROUNDS = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ROUNDS);
}

export function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  return compare(password, passwordHash);
}

let dummy: Promise<string> | undefined;

/** A hash of nothing anyone knows, at the same cost, so an unknown username takes as long as a wrong password. */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomUUID());
  return dummy;
}
