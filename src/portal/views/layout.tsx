import type { ComponentChildren } from 'preact';

export const SITE_NAME = '政府购买社会救助服务公开台账';

export interface LayoutProps {
  readonly title: string;
  readonly children: ComponentChildren;
  /** Extra style sheets under /assets/ (the budgets page's chart). */
  readonly styles?: readonly string[];
  /** ES modules under /assets/ (the verify button, the console); pages work without them. */
  readonly scripts?: readonly string[];
  /** Which item of the navigation is this page's. */
  readonly section?: 'projects' | 'budgets' | 'verify' | 'downloads' | 'audit';
}

const NAV = [
  { href: '/', label: '项目公开', section: 'projects' },
  { href: '/budgets', label: '预算执行', section: 'budgets' },
  { href: '/verify', label: '台账核验', section: 'verify' },
  { href: '/downloads', label: '下载', section: 'downloads' },
  { href: '/audit', label: '审计控制台', section: 'audit' },
] as const;

/** Every page's frame: zh-CN, a phone-width viewport, a skip link for keyboard users, one style sheet. */
export function Layout({ title, children, styles = [], scripts = [], section }: LayoutProps) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${SITE_NAME}`}</title>
        <link rel="stylesheet" href="/assets/portal.css" />
        {styles.map((href) => (
          <link rel="stylesheet" href={`/assets/${href}`} />
        ))}
        {scripts.map((src) => (
          <script type="module" src={`/assets/${src}`} />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          跳到正文
        </a>
        <header class="site">
          <a class="brand" href="/">
            {SITE_NAME}
          </a>
          <nav aria-label="栏目">
            {NAV.map((n) => (
              <a href={n.href} aria-current={n.section === section ? 'page' : undefined}>
                {n.label}
              </a>
            ))}
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site">
          <p>
            本台账只追加、不修改：每条记录都有台账位置，可用签名检查点和默克尔证明核验（<a href="/docs">接口文档</a>）。
          </p>
        </footer>
      </body>
    </html>
  );
}
