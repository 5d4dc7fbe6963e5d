import type { ComponentChildren } from 'preact';
import { count } from '../views/format';
import { Layout } from '../views/layout';

export interface DownloadsProps {
  /** The verifier key (GET /v1/ledger/key), C2SP note verifier form (not `key`: Preact keeps that prop for itself). */
  readonly verifierKey: string;
  /** The latest signed checkpoint (GET /v1/ledger/checkpoint): a signed note. */
  readonly checkpoint: string;
}

function Item({
  title,
  href,
  file,
  format,
  children,
}: {
  title: string;
  href: string;
  file: string;
  format: string;
  children: ComponentChildren;
}) {
  return (
    <li>
      <h2>
        <a href={href} download={file}>
          {title}
        </a>
        <span class="muted">（{format}）</span>
      </h2>
      {children}
    </li>
  );
}

/**
 * `/downloads`: every file the portal offers, each a plain link (the browser saves it). The 双公示 CSV is for credit
 * platforms (a key), so not here; the other lists of the API answer CSV to their readers (docs).
 */
export function DownloadsPage({ verifierKey, checkpoint }: DownloadsProps) {
  const size = Number(checkpoint.split('\n')[1]);
  return (
    <Layout title="数据下载" section="downloads">
      <h1>数据下载</h1>
      <p>以下文件均来自公开接口，只含公开信息，不含服务对象的个人信息和内部备注。</p>
      <ul class="downloads">
        <Item title="项目公开列表" href="/download/projects.csv" file="projects.csv" format="CSV，UTF-8 带 BOM">
          <p>
            全部已公开项目，每行一个项目，可用电子表格打开；金额单位为分（与接口一致）。在<a href="/">项目公开</a>
            页筛选后，可下载筛选结果。
          </p>
        </Item>
        <Item title="OCDS 发布包" href="/download/ocds-releases.json" file="ocds-releases.json" format="JSON，OCDS 1.1">
          <p>
            按开放合同数据标准（OCDS 1.1）发布的全部公开信息，一个发布包（release package）文件，按公开先后排列。增量获取请用接口{' '}
            <code>/v1/disclosure/ocds/releases</code>。
          </p>
        </Item>
        <Item title="核验公钥" href="/v1/ledger/key" file="ledger-key.txt" format="文本，C2SP 签名验证密钥">
          <p>用于核验签名检查点（Ed25519）：</p>
          <pre>{verifierKey}</pre>
        </Item>
        <Item title="最新签名检查点" href="/v1/ledger/checkpoint" file="checkpoint.txt" format="文本，C2SP tlog-checkpoint">
          <p>{Number.isSafeInteger(size) ? `覆盖台账前 ${count(size)} 条记录的默克尔树根，已签名：` : '台账默克尔树根，已签名：'}</p>
          <pre>{checkpoint}</pre>
        </Item>
      </ul>
    </Layout>
  );
}
