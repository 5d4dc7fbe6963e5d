import { authenticate } from '../../src/http/auth';
import { loadConfig } from '../../src/config/config';
import { Principal, inRegionScope } from '../../src/shared/access';

const purchaser = (...regions: string[]): Principal => ({ id: 'key:x', role: 'purchaser', regions });

describe('region scope (API.md "Authentication and roles")', () => {
  it('lets a provincial purchaser act in its province only', () => {
    expect(inRegionScope(purchaser('220000'), '220102')).toBe(true);
    expect(inRegionScope(purchaser('220000'), '220000')).toBe(true);
    expect(inRegionScope(purchaser('220000'), '150000')).toBe(false);
    expect(inRegionScope(purchaser('220000'), '150102')).toBe(false);
  });

  it('narrows a prefecture to its counties and a county to itself', () => {
    expect(inRegionScope(purchaser('220100'), '220102')).toBe(true);
    expect(inRegionScope(purchaser('220100'), '220202')).toBe(false);
    expect(inRegionScope(purchaser('220102'), '220102')).toBe(true);
    expect(inRegionScope(purchaser('220102'), '220103')).toBe(false);
    expect(inRegionScope(purchaser('220102', '150000'), '150203')).toBe(true);
  });

  it('does not limit other roles', () => {
    expect(inRegionScope({ id: 'key:a', role: 'admin', regions: [] }, '150000')).toBe(true);
  });
});

describe('API key lookup', () => {
  const { apiKeys } = loadConfig({
    LEDGER_API_KEYS: JSON.stringify([
      { key: 'first-key-0123456789', role: 'auditor' },
      { key: 'second-key-012345678', role: 'admin' },
    ]),
  });

  it('finds the key by its digest and nothing for an unknown or near-miss key', () => {
    expect(authenticate(apiKeys, 'second-key-012345678')?.role).toBe('admin');
    expect(authenticate(apiKeys, 'second-key-01234567')).toBeUndefined();
    expect(authenticate(apiKeys, '')).toBeUndefined();
  });
});
