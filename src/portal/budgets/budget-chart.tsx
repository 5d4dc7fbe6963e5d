/** The style sheets a page with a budget chart passes to Layout: Charts.css and the bar sizes. */
export const CHART_STYLES = ['charts.min.css', 'chart-sizes.css'] as const;

/**
 * Charts.css draws a bar as wide as its cell's `--size` (0 to 1). The pages' CSP (`style-src 'self'`) refuses
 * style attributes, so a bar takes one of the classes of web/chart-sizes.css instead: `size-0` to `size-100`,
 * whole percents of the chart's largest value. A value above zero gets at least `size-1`, so it shows.
 */
export function sizeClass(value: number, scale: number): string {
  if (scale <= 0 || value <= 0) return 'size-0';
  return `size-${Math.max(1, Math.min(100, Math.round((value / scale) * 100)))}`;
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The value as written in the figures' table (元), for screen readers; the bars show only lengths. */
  readonly text: string;
}

/** A horizontal bar chart: an HTML table (readable as such without CSS) that Charts.css draws with CSS alone. */
export function BarChart({ caption, bars }: { caption: string; bars: readonly Bar[] }) {
  const scale = Math.max(0, ...bars.map((b) => b.value));
  return (
    <table class="charts-css bar show-labels show-heading hide-data data-spacing-4 budget-chart">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">项目</th>
          <th scope="col">金额</th>
        </tr>
      </thead>
      <tbody>
        {bars.map((b) => (
          <tr>
            <th scope="row">{b.label}</th>
            <td class={sizeClass(b.value, scale)}>
              <span class="data">{b.text}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
