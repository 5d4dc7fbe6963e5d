/**
 * One OCDS 1.1 release package of every public release, from the pages of GET /v1/disclosure/ocds/releases
 * (https://standard.open-contracting.org/1.1/en/schema/release_package/): the releases in the order the pages gave
 * them, the package metadata of the pages (version, publisher, extensions: the same on each), dated by the newest
 * page, without links.next, since the file is complete. Pure: the controller reads the pages.
 */

/** The fields of a release package page this file reads; the rest of a page is its releases' own. */
export interface ReleasePackagePage {
  readonly uri: string;
  readonly version: string;
  readonly publishedDate: string;
  readonly publisher: { readonly name: string };
  readonly extensions?: readonly string[];
  readonly releases: readonly object[];
  readonly links?: { readonly next?: string };
}

export function mergeReleasePackages(uri: string, pages: readonly ReleasePackagePage[]): object {
  if (pages.length === 0) throw new Error('a release package holds at least one release');
  const [first] = pages;
  const extensions = [...new Set(pages.flatMap((p) => p.extensions ?? []))];
  return {
    uri,
    version: first.version,
    ...(extensions.length > 0 ? { extensions } : {}),
    // ISO 8601 instants of one form (the API's): the greatest string is the latest.
    publishedDate: pages.reduce((d, p) => (p.publishedDate > d ? p.publishedDate : d), first.publishedDate),
    publisher: first.publisher,
    releases: pages.flatMap((p) => p.releases),
  };
}
