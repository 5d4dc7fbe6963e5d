import { expect } from '@jest/globals';
import { mergeReleasePackages, type ReleasePackagePage } from '../../../src/portal/downloads/ocds-bulk';
import { ocdsValidators } from '../../support/ocds-schemas';

const release = (n: number, date: string) => ({
  ocid: `ocds-ledger-P${n}`,
  id: `ocds-ledger-${n}`,
  date,
  tag: ['planning'],
  initiationType: 'tender',
});

const page = (publishedDate: string, releases: object[], next?: string): ReleasePackagePage => ({
  uri: `http://ledger.example/v1/disclosure/ocds/releases?page=${publishedDate}`,
  version: '1.1',
  publishedDate,
  publisher: { name: 'ledger.example' },
  extensions: ['https://example.org/ext/extension.json'],
  releases,
  ...(next ? { links: { next } } : {}),
});

describe('mergeReleasePackages: the pages of the release feed as one package (OCDS 1.1 packaging)', () => {
  it('keeps every release in page order, dates the package by its newest page, drops links.next, names itself', () => {
    const merged = mergeReleasePackages('http://ledger.example/download/ocds-releases.json', [
      page('2024-05-01T00:00:00Z', [release(1, '2024-03-01T00:00:00Z'), release(2, '2024-05-01T00:00:00Z')], 'http://x/next'),
      page('2024-04-01T00:00:00Z', [release(3, '2024-04-01T00:00:00Z')]),
    ]);
    expect(merged).toEqual({
      uri: 'http://ledger.example/download/ocds-releases.json',
      version: '1.1',
      extensions: ['https://example.org/ext/extension.json'],
      publishedDate: '2024-05-01T00:00:00Z',
      publisher: { name: 'ledger.example' },
      releases: [release(1, '2024-03-01T00:00:00Z'), release(2, '2024-05-01T00:00:00Z'), release(3, '2024-04-01T00:00:00Z')],
    });
    expect(ocdsValidators().releasePackage(merged)).toEqual([]);
  });

  it('refuses to make a package of no release (the schema requires one)', () => {
    expect(() => mergeReleasePackages('http://x', [])).toThrow('at least one release');
  });
});
