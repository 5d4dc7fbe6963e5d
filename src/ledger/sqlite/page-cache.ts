/**
 * SQLite's own page cache for the service's one connection, in KiB: 16 MiB (the default is 2 MiB), enough for the
 * upper levels of the ledger's, the tree's and the read models' indexes. It was 64 MiB, which a soak at 100
 * commands/s showed as RSS growing with the file, about 20 MiB a minute until the cache would be full, while the
 * read benchmarks (credit lookups and a rebuild over 100,000 entries, the global read) ran no faster than with 8 or
 * 16 MiB: pages past the cache are read through the operating system's page cache, which the kernel shares and
 * reclaims, not from the disk (issue 18).
 */
export const SQLITE_CACHE_KIB = 16 * 1024;
