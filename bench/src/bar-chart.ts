// Horizontal bar charts as plain SVG text, so `pnpm bench` needs no browser or plotting library.
// One bar per contender (median), a whisker from min to max, and the target as a dashed line.
import type { Chart } from "./results.js";

const width = 720;
const labelWidth = 270;
const valueWidth = 90;
const barArea = width - labelWidth - valueWidth - 20;
const rowHeight = 30;
const top = 58;
const ours = "#2563eb";
const peer = "#9ca3af";
const targetColour = "#dc2626";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function formatValue(value: number, suffix: string): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${suffix}`;
}

export function renderBarChart(chart: Chart): string {
  const maxima = chart.bars.map((b) => Math.max(b.value, b.max ?? 0));
  const scaleMax = Math.max(...maxima, chart.target?.value ?? 0) * 1.08 || 1;
  const x = (value: number) => labelWidth + (value / scaleMax) * barArea;
  const height = top + chart.bars.length * rowHeight + 54;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="14" font-weight="600" fill="#111827">${escapeXml(chart.title)}</text>`,
    `<line x1="${labelWidth}" y1="${top - 6}" x2="${labelWidth}" y2="${top + chart.bars.length * rowHeight}" stroke="#6b7280"/>`,
  ];
  chart.bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const mid = y + rowHeight / 2 - 3;
    parts.push(
      `<text x="${labelWidth - 8}" y="${mid + 4}" text-anchor="end" fill="#111827">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, x(bar.value) - labelWidth).toFixed(1)}" height="${rowHeight - 14}" fill="${bar.ours ? ours : peer}"><title>${escapeXml(`${bar.label}: ${formatValue(bar.value, chart.suffix)}`)}</title></rect>`,
    );
    if (bar.min !== undefined && bar.max !== undefined && bar.max > bar.min) {
      const [x1, x2] = [x(bar.min).toFixed(1), x(bar.max).toFixed(1)];
      parts.push(
        `<line x1="${x1}" y1="${mid}" x2="${x2}" y2="${mid}" stroke="#111827"/>`,
        `<line x1="${x1}" y1="${mid - 5}" x2="${x1}" y2="${mid + 5}" stroke="#111827"/>`,
        `<line x1="${x2}" y1="${mid - 5}" x2="${x2}" y2="${mid + 5}" stroke="#111827"/>`,
      );
    }
    const end = Math.max(x(bar.value), x(bar.max ?? 0));
    parts.push(
      `<text x="${(end + 6).toFixed(1)}" y="${mid + 4}" fill="#111827">${formatValue(bar.value, chart.suffix)}</text>`,
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
    `<text x="170" y="${bottom + 42}" fill="#4b5563">bar = median, whisker = min – max over rounds</text>`,
    "</svg>",
  );
  return `${parts.join("\n")}\n`;
}
