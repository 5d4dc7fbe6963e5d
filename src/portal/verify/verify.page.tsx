import { count } from '../views/format';
import { Layout } from '../views/layout';
import { VERIFY_SCRIPT, VerifyFact } from '../views/verify-fact';

/** The /verify page's own script (web/src/verify-page.ts): the position form in place, pasted bundles. */
export const VERIFY_PAGE_SCRIPT = 'js/web/src/verify-page.js';

export interface VerifyPageProps {
  /** The position asked for (?position=), when it is one. */
  readonly position?: number;
  /** Why ?position= was refused. */
  readonly refused?: string;
  /** The latest signed checkpoint and the verifier key, as the public API serves them. */
  readonly checkpoint: string;
  readonly verifierKey: string;
}

/**
 * `/verify`: what "verify this fact" checks, a position to check (a link to its proof bundle without
 * JavaScript; checked in place with it), and a pasted or uploaded bundle checked in the browser.
 */
export function VerifyPage({ position, refused, checkpoint, verifierKey }: VerifyPageProps) {
  const [origin, size] = checkpoint.split('\n');
  return (
    <Layout title="台账核验" section="verify" scripts={[VERIFY_SCRIPT, VERIFY_PAGE_SCRIPT]}>
      <h1>台账核验</h1>
      <p>
        台账的每条记录都有一个台账位置。任何人都可以在自己的浏览器里核验一条公开记录确实在台账中、没有被改动：
        浏览器取得这条记录的证明包和台账公钥，用 Web Crypto 自行计算，不依赖本网站的说法。
      </p>
      <h2>核验什么</h2>
      <ol>
        <li>记录的哈希：按 RFC 8785 规范化记录（不含私密部分），重新计算 SHA-256(0x00 ‖ 记录)，须与证明中的叶哈希一致。</li>
        <li>签名：签名检查点须由台账公钥（Ed25519，见下）签署，公钥取自本服务的 /v1/ledger/key，而不是证明包自带的。</li>
        <li>台账大小：证明针对的台账记录数须与检查点签署的一致。</li>
        <li>包含证明：按 RFC 9162 从叶哈希沿审计路径逐级计算，须得到检查点签署的根哈希。</li>
      </ol>
      <p class="muted">
        也可以离线核验：下载证明包后运行 <code>npm run ledger -- check-proof 证明包.json --url 本服务地址</code>。
      </p>

      <h2 id="by-position">按台账位置核验</h2>
      <form class="filters" method="get" action="/verify" id="position-form">
        <label>
          <span>台账位置</span>
          <input name="position" type="number" min={1} step={1} inputMode="numeric" required value={position ?? ''} />
        </label>
        <div class="actions">
          <button type="submit">核验</button>
        </div>
      </form>
      <p>
        <output id="position-output" aria-live="polite" />
      </p>
      {refused && (
        <p class="problem" role="alert">
          {refused}
        </p>
      )}
      {position !== undefined && (
        <p id="position-result">
          <VerifyFact position={position} />
        </p>
      )}

      <section id="paste" aria-labelledby="paste-title" hidden>
        <h2 id="paste-title">核验一个证明包</h2>
        <p class="muted">
          粘贴或选择从 /v1/ledger/entries/位置/proof 下载的证明包（JSON，或加 ?format=tlog-proof 得到的 .tlog-proof
          文件），在浏览器里逐项检查；被改动的证明包会核验失败并说明原因。
        </p>
        <form id="bundle-form">
          <label class="block">
            <span>证明包（JSON 或 tlog-proof）</span>
            <textarea name="bundle" rows={8} spellcheck={false} />
          </label>
          <label class="block">
            <span>或选择文件</span>
            <input name="file" type="file" accept="application/json,.json,.tlog-proof,text/plain" />
          </label>
          <div class="actions">
            <button type="submit">核验证明包</button>
            <output aria-live="polite" />
          </div>
        </form>
      </section>
      <noscript>
        <p class="muted">在浏览器里核验需要 JavaScript；没有它也可以下载证明包，用命令行核验。</p>
      </noscript>

      <h2>当前签名检查点</h2>
      <p>
        来源 <code>{origin}</code>，共 {count(Number(size))} 条记录。
      </p>
      <pre class="note">{checkpoint}</pre>
      <p>
        台账公钥（<a href="/v1/ledger/key">/v1/ledger/key</a>）：
      </p>
      <pre class="note">{verifierKey}</pre>
    </Layout>
  );
}
