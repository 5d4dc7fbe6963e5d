import { Layout } from '../views/layout';

/** The console's ledger check (web/src/audit-verify.ts). */
export const AUDIT_VERIFY_SCRIPT = 'js/web/src/audit-verify.js';

/**
 * `/audit/verify`: an auditor re-checks the whole ledger, or a range of it, in the browser with the key
 * kept in the tab. Every entry (private parts included) is re-hashed; the whole ledger's recomputed root is
 * compared with the signed checkpoint, a range's entries each through an inclusion proof to it.
 */
export function AuditVerifyPage() {
  return (
    <Layout title="核验台账" section="audit" scripts={[AUDIT_VERIFY_SCRIPT]}>
      <h1>核验台账</h1>
      <p>
        浏览器用审计密钥逐页读取台账记录（/v1/ledger/events），按 RFC 8785 规范化后重新计算每条记录的哈希，并核对私密部分与其摘要；
        核验整个台账时按 RFC 9162 重新计算默克尔树的根哈希，与最新签名检查点比较；核验一段时，逐条用包含证明核对到签名检查点。
        签名用本服务公布的台账公钥（Ed25519）核验。
      </p>
      <p id="signin" class="problem" hidden>
        请先在审计控制台登录：<a href="/audit">审计控制台</a>
      </p>
      <form class="filters" id="ledger-verify">
        <label>
          <span>从第几条（留空为第 1 条）</span>
          <input name="from" type="number" min={1} step={1} inputMode="numeric" />
        </label>
        <label>
          <span>到第几条（留空为检查点的最后一条）</span>
          <input name="to" type="number" min={1} step={1} inputMode="numeric" />
        </label>
        <div class="actions">
          <button type="submit" disabled>
            开始核验
          </button>
        </div>
      </form>
      <p>
        <label for="verify-progress">进度</label> <progress id="verify-progress" max={1} value={0} />{' '}
        <span id="verify-count" class="muted" />
      </p>
      <p>
        <output id="verify-result" aria-live="polite" />
      </p>
      <noscript>
        <p class="problem">核验台账需要 JavaScript：审计密钥只保存在本标签页中，由浏览器发送。</p>
      </noscript>
    </Layout>
  );
}
