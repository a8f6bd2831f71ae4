/** Release artifacts checked against their published checksums, pure. */
export * from './sha256sums';
