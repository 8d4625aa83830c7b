// A stacked bar chart as plain SVG (no chart library): one bar per month, one coloured part per
// series (a reseller), a legend, and the same numbers as a table for screen readers and keyboard
// users. Bundled for the browser by AdminJS's ComponentLoader (admin/components/index.ts).
import React from 'react';

const h = React.createElement;

/** Colours at least 4.5:1 against white, told apart without relying on hue alone (the legend and table name them). */
export const PALETTE = ['#2b3bc4', '#b4400a', '#0a6b4d', '#6d28d9', '#a11d1d', '#4b5563'];

export interface ChartSeries { key: string; label: string; values: number[] }

interface Props {
  title: string;
  /** One label per bar (the months). */
  labels: string[];
  series: ChartSeries[];
  /** A value as text (a count, or money in the reader's language). */
  format: (value: number) => string;
  /** Texts: the table's summary and first column, the chart's accessible name. */
  numbersLabel: string;
  firstColumn: string;
  totalLabel: string;
  chartLabel: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 8;
const TOP = 24;
const BOTTOM = 28;

export function BarChart({ title, labels, series, format, numbersLabel, firstColumn, totalLabel, chartLabel }: Props) {
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + s.values[i], 0));
  const max = Math.max(1, ...totals);
  const slot = (WIDTH - LEFT) / Math.max(1, labels.length);
  const barWidth = Math.min(56, slot * 0.6);
  const plot = HEIGHT - TOP - BOTTOM;
  const bars = labels.map((label, i) => {
    let y = HEIGHT - BOTTOM;
    const x = LEFT + i * slot + (slot - barWidth) / 2;
    const parts = series.map((s, j) => {
      const height = (s.values[i] / max) * plot;
      y -= height;
      return height > 0 ? h('rect', { key: s.key, x, y, width: barWidth, height, fill: PALETTE[j % PALETTE.length] }, h('title', null, `${s.label}, ${label}: ${format(s.values[i])}`)) : null;
    });
    return h('g', { key: label },
      ...parts,
      h('text', { x: x + barWidth / 2, y: HEIGHT - BOTTOM - (totals[i] / max) * plot - 6, textAnchor: 'middle', fontSize: 12, fill: '#1f2937' }, totals[i] > 0 ? format(totals[i]) : ''),
      h('text', { x: x + barWidth / 2, y: HEIGHT - 8, textAnchor: 'middle', fontSize: 12, fill: '#1f2937' }, label));
  });
  return h('figure', { className: 'portal-chart' },
    h('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': chartLabel, width: '100%', preserveAspectRatio: 'xMidYMid meet' },
      h('line', { x1: LEFT, x2: WIDTH, y1: HEIGHT - BOTTOM, y2: HEIGHT - BOTTOM, stroke: '#6b7280' }),
      ...bars),
    h('figcaption', null,
      h('ul', { className: 'portal-legend' }, ...series.map((s, j) => h('li', { key: s.key },
        h('span', { className: 'portal-swatch', style: { background: PALETTE[j % PALETTE.length] }, 'aria-hidden': true }), s.label)))),
    h('details', null,
      h('summary', null, numbersLabel),
      h('table', { className: 'portal-table' },
        h('caption', { className: 'portal-visually-hidden' }, title),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, firstColumn), ...series.map((s) => h('th', { key: s.key, scope: 'col' }, s.label)), h('th', { scope: 'col' }, totalLabel))),
        h('tbody', null, ...labels.map((label, i) => h('tr', { key: label },
          h('th', { scope: 'row' }, label), ...series.map((s) => h('td', { key: s.key }, format(s.values[i]))), h('td', null, format(totals[i]))))))));
}
