// Horizontal bar charts as plain SVG text, so `pnpm bench` needs no browser or plotting library.
// One bar per contender (the median), an error bar for the 95% confidence interval of the median,
// a faint line for the min – max over rounds behind it, and the target as a dashed line. Values
// may be negative (an overhead below the floor's): bars then grow left from the zero line.
import type { Bar, Chart } from "./results.js";

const width = 720;
const labelWidth = 270;
const valueWidth = 90;
const barArea = width - labelWidth - valueWidth - 20;
const rowHeight = 30;
const top = 58;
const ours = "#2563eb";
const peer = "#9ca3af";
const targetColour = "#dc2626";
const rangeColour = "#d1d5db";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function formatValue(value: number, suffix: string): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${suffix}`;
}

function extent(chart: Chart): { low: number; high: number } {
  const values = chart.bars.flatMap((b) => [b.value, b.low, b.high, b.min, b.max]);
  const known = [...values, chart.target?.value, 0].filter((v): v is number => v !== undefined);
  const low = Math.min(...known);
  const high = Math.max(...known);
  const pad = (high - low) * 0.08 || 1;
  return { low: low < 0 ? low - pad : 0, high: high + pad };
}

/** An error bar: a horizontal line with end caps. */
function errorBar(x1: number, x2: number, y: number, colour: string, cap: number): string[] {
  const [a, b] = [x1.toFixed(1), x2.toFixed(1)];
  return [
    `<line x1="${a}" y1="${y}" x2="${b}" y2="${y}" stroke="${colour}"/>`,
    `<line x1="${a}" y1="${y - cap}" x2="${a}" y2="${y + cap}" stroke="${colour}"/>`,
    `<line x1="${b}" y1="${y - cap}" x2="${b}" y2="${y + cap}" stroke="${colour}"/>`,
  ];
}

function tooltip(bar: Bar, suffix: string): string {
  const interval =
    bar.low !== undefined && bar.high !== undefined && bar.high > bar.low
      ? ` (95% CI ${formatValue(bar.low, suffix)} – ${formatValue(bar.high, suffix)})`
      : "";
  return `${bar.label}: ${formatValue(bar.value, suffix)}${interval}`;
}

export function renderBarChart(chart: Chart): string {
  const { low, high } = extent(chart);
  const x = (value: number) => labelWidth + ((value - low) / (high - low)) * barArea;
  const zero = x(0);
  const height = top + chart.bars.length * rowHeight + 54;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="14" font-weight="600" fill="#111827">${escapeXml(chart.title)}</text>`,
    `<line x1="${zero.toFixed(1)}" y1="${top - 6}" x2="${zero.toFixed(1)}" y2="${top + chart.bars.length * rowHeight}" stroke="#6b7280"/>`,
  ];
  chart.bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const mid = y + rowHeight / 2 - 3;
    const end = x(bar.value);
    const [left, right] = end >= zero ? [zero, end] : [end, zero];
    parts.push(
      `<text x="${labelWidth - 8}" y="${mid + 4}" text-anchor="end" fill="#111827">${escapeXml(bar.label)}</text>`,
      `<rect x="${left.toFixed(1)}" y="${y + 4}" width="${Math.max(1, right - left).toFixed(1)}" height="${rowHeight - 14}" fill="${bar.ours ? ours : peer}"><title>${escapeXml(tooltip(bar, chart.suffix))}</title></rect>`,
    );
    if (bar.min !== undefined && bar.max !== undefined && bar.max > bar.min) {
      parts.push(...errorBar(x(bar.min), x(bar.max), mid, rangeColour, 3));
    }
    if (bar.low !== undefined && bar.high !== undefined && bar.high > bar.low) {
      parts.push(...errorBar(x(bar.low), x(bar.high), mid, "#111827", 6));
    }
    const rightmost = Math.max(zero, end, x(bar.high ?? bar.value), x(bar.max ?? bar.value));
    parts.push(
      `<text x="${(rightmost + 6).toFixed(1)}" y="${mid + 4}" fill="#111827">${formatValue(bar.value, chart.suffix)}</text>`,
    );
  });
  const bottom = top + chart.bars.length * rowHeight;
  if (chart.target !== undefined) {
    const tx = x(chart.target.value).toFixed(1);
    parts.push(
      `<line x1="${tx}" y1="${top - 10}" x2="${tx}" y2="${bottom}" stroke="${targetColour}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
      `<text x="${tx}" y="${top - 14}" text-anchor="middle" fill="${targetColour}">${escapeXml(chart.target.label)}</text>`,
    );
  }
  parts.push(
    `<text x="12" y="${bottom + 22}" fill="#4b5563">${escapeXml(chart.unit)}</text>`,
    `<rect x="12" y="${bottom + 33}" width="10" height="10" fill="${ours}"/><text x="26" y="${bottom + 42}" fill="#4b5563">evals-api</text>`,
    `<rect x="100" y="${bottom + 33}" width="10" height="10" fill="${peer}"/><text x="114" y="${bottom + 42}" fill="#4b5563">peer</text>`,
    `<text x="170" y="${bottom + 42}" fill="#4b5563">bar = median, error bar = 95% CI of the median, grey = min – max over rounds</text>`,
    "</svg>",
  );
  return `${parts.join("\n")}\n`;
}
