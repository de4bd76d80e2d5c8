// Compile-time checks that two descriptions of the same data agree: a zod schema and the plain
// types the workflows read. A mismatch fails `tsc`, never a test at run time.

export type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type AllTrue<T extends boolean[]> = T[number] extends true ? true : false;
export type Expect<T extends true> = T;
