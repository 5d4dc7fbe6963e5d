import { expect } from '@jest/globals';
import { describePostgres } from '../support/postgres-server';
import { startTestApp, TestApp } from '../support/app';
import { bodyOf } from '../support/bodies';
import { ocdsValidators } from '../support/ocds-schemas';
import { CLOCK, SENTINELS, seedPortal } from '../browser/support/portal-seed';
import { OcdsDownloadController } from '../../src/portal/downloads/ocds-download.controller';

interface Package {
  uri: string;
  version: string;
  publishedDate: string;
  publisher: { name: string };
  extensions?: string[];
  releases: { id: string; ocid: string }[];
  links?: { next: string };
}

function ocdsDownloadSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, {}, CLOCK);
  });
  afterAll(async () => t.close());

  it('answers 404 (problem+json) while no release is published', async () => {
    const res = await t.http.get('/download/ocds-releases.json').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('GET /download/ocds-releases.json: every public release in one valid OCDS 1.1 release package, as a file', async () => {
    await seedPortal(t);
    const head = await t.store.head();
    const feed = bodyOf<Package>(await t.http.get('/v1/disclosure/ocds/releases').query({ minPosition: head, limit: 1000 }).expect(200));
    const res = await t.http.get('/download/ocds-releases.json').expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="ocds-releases.json"');
    const file = JSON.parse(res.text) as Package;
    expect(ocdsValidators().releasePackage(file)).toEqual([]);
    // The feed's releases, in its order, under one package that names itself and has no next page.
    expect(file.releases).toEqual(feed.releases);
    expect(file.releases.length).toBeGreaterThan(5);
    expect(file.uri).toMatch(/^http:\/\/[^/]+\/download\/ocds-releases\.json$/);
    expect(file).toMatchObject({
      version: '1.1',
      publishedDate: feed.publishedDate,
      publisher: feed.publisher,
      extensions: feed.extensions,
    });
    expect(file.links).toBeUndefined();
    for (const sentinel of SENTINELS) expect(res.text).not.toContain(sentinel);
  });

  it('follows the feed page by page (links.next): pages of 2 give the same file', async () => {
    // Each supertest request has its own port: the file's uri names it, the rest is the same.
    const file = async (): Promise<Omit<Package, 'uri'>> => {
      const { uri: _uri, ...rest } = JSON.parse((await t.http.get('/download/ocds-releases.json').expect(200)).text) as Package;
      return rest;
    };
    const whole = await file();
    const { releases } = whole;
    // An odd count, so the last page is short; and an even one would end on an empty page (204).
    expect(releases.length % 2).toBe(1);
    OcdsDownloadController.pageSize = 2;
    try {
      expect(await file()).toEqual(whole);
      OcdsDownloadController.pageSize = releases.length;
      expect(await file()).toEqual(whole);
    } finally {
      OcdsDownloadController.pageSize = 1000;
    }
  });
}

describe('the OCDS bulk download [sqlite]', () => ocdsDownloadSuite('sqlite'));
describePostgres('the OCDS bulk download', () => ocdsDownloadSuite('postgres'));
