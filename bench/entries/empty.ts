// Type-checking baseline: a program that imports nothing, so what the others add can be counted.
export const nothing = 0;
