import type { ComponentChildren } from 'preact';
import { Layout } from '../views/layout';

/** The console's script (web/src/audit-console.ts): it signs in, fetches with the key and fills the views. */
export const CONSOLE_SCRIPT = 'js/web/src/audit-console.js';

/** The console's views, reached by the address's fragment (#findings …): a fragment never goes to the server. */
export const VIEWS = [
  { id: 'findings', label: '合规发现' },
  { id: 'project', label: '项目全部记录' },
  { id: 'entry', label: '台账原始记录' },
  { id: 'budget', label: '预算执行' },
  { id: 'credit', label: '信用记录' },
] as const;

const Field = ({
  label,
  ...input
}: {
  label: string;
  name: string;
  type?: string;
  placeholder?: string;
  inputMode?: string;
  value?: string;
  min?: string;
  max?: string;
  required?: boolean;
}) => (
  <label>
    {label}
    <input type="text" {...input} />
  </label>
);

/** One view of the console: its heading (from VIEWS), a form of its fields, and where the script writes the answer. */
function View({
  id,
  submit = '查看',
  extra,
  children,
}: {
  id: (typeof VIEWS)[number]['id'];
  submit?: string;
  extra?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section id={id} data-view hidden>
      <h2>{VIEWS.find((v) => v.id === id)?.label}</h2>
      <form class="filters">
        {children}
        <div class="actions">
          <button type="submit">{submit}</button>
          {extra}
        </div>
      </form>
      <div data-out></div>
    </section>
  );
}

/**
 * `/audit`: the auditor console's frame. The server renders no data and never sees the key: the key is
 * typed into a field with no name (a form without script sends nothing of it), kept in this tab's
 * sessionStorage and sent by the script as the bearer header. Without JavaScript the page says why it
 * cannot work; the forms stay hidden.
 */
export function AuditConsolePage() {
  return (
    <Layout title="审计控制台" section="audit" scripts={[CONSOLE_SCRIPT]}>
      <h1>审计控制台</h1>
      <noscript>
        <p class="problem">
          审计控制台需要启用 JavaScript：审计密钥只保存在本标签页的会话存储（sessionStorage）中，由脚本作为 Authorization
          请求头发送，不会出现在网址或 Cookie 中。
        </p>
      </noscript>
      <p id="status" role="status" aria-live="polite" class="muted"></p>
      <form id="signin" class="filters" hidden>
        <label>
          审计密钥
          <input id="signin-key" type="password" autocomplete="off" spellcheck={false} required />
        </label>
        <div class="actions">
          <button type="submit">登录</button>
        </div>
        <p class="muted">密钥只保存在本标签页的会话存储中，关闭标签页即清除；每次请求作为 Authorization 请求头发送。</p>
      </form>
      <div id="console" hidden>
        <nav class="tabs" aria-label="审计视图">
          {VIEWS.map((v) => (
            <a href={`#${v.id}`}>{v.label}</a>
          ))}
          <a href="/audit/verify">核验台账</a>
          <button id="signout" type="button" class="secondary">
            退出登录
          </button>
        </nav>
        <View
          id="findings"
          submit="查询"
          extra={
            <button type="button" class="secondary" data-csv disabled>
              导出 CSV
            </button>
          }
        >
          <Field label="行政区划代码" name="region" inputMode="numeric" placeholder="220100" required />
          <Field label="财政年度" name="fiscalYear" inputMode="numeric" placeholder="2024" required />
          <label>
            类型
            <select name="code">
              <option value="">全部</option>
            </select>
          </label>
          <Field label="每页条数" name="pageSize" type="number" min="1" max="100" value="20" />
        </View>
        <View id="project">
          <Field label="项目编号" name="projectId" placeholder="P-2024-001" required />
        </View>
        <View id="entry">
          <Field label="台账位置" name="position" type="number" min="1" required />
        </View>
        <View id="budget">
          <Field label="行政区划代码" name="region" inputMode="numeric" placeholder="220100" required />
          <Field label="财政年度" name="fiscalYear" inputMode="numeric" placeholder="2024" required />
        </View>
        <View
          id="credit"
          submit="查看承接主体"
          extra={
            <button type="button" class="secondary" data-dishonesty>
              失信名单
            </button>
          }
        >
          <Field label="统一社会信用代码" name="uscc" placeholder="52220100MJ00000016" required />
        </View>
      </div>
    </Layout>
  );
}
