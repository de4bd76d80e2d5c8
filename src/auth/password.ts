// Password hashing, in one place for the seed and for sign-in. Native bcrypt: its async hash and
// compare run on libuv's thread pool, so a burst of sign-ins does not stall every other request
// (bcryptjs computed on the event loop). Hashes written by bcryptjs ($2a$, $2b$) verify unchanged.
import { compare, hash } from 'bcrypt';
import { randomUUID } from 'node:crypto';

/** bcrypt cost: tens of milliseconds per hash, enough to make guessing slow, short enough for sign-in. */
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
