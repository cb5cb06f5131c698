// Hand-made SVG charts of the metrics by township: station coverage with the 50% target line, and
// frequency bands as stacked bars. Built with DOM calls (names are data: never innerHTML).
import { BAND_COLOURS } from './map.js';
import { format } from './format.js';
import { t } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';
const BANDS = ['daily', 'd3to6', 'd1to2', 'none'];

function el(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const LABEL_W = 110;
const PLOT_W = 300;
const ROW_H = 26;
const TOP = 18;

function frame(rows) {
  const h = TOP + rows * ROW_H + 6;
  return el('svg', { viewBox: `0 0 ${LABEL_W + PLOT_W + 60} ${h}`, role: 'img' });
}

/** Station coverage per township: blue bar = all villages, red bar = poor villages, dashed target line. */
export function stationChart(container, townships, target) {
  container.replaceChildren();
  const svg = frame(townships.length);
  const x = (rate) => LABEL_W + rate * PLOT_W;
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(el('line', { class: 'axis', x1: x(tick), x2: x(tick), y1: TOP - 4, y2: TOP + townships.length * ROW_H, 'stroke-opacity': 0.25 }));
    svg.append(el('text', { x: x(tick), y: TOP - 6, 'text-anchor': 'middle', fill: '#666' }, `${tick * 100}%`));
  }
  townships.forEach((tw, i) => {
    const y = TOP + i * ROW_H;
    svg.append(el('text', { x: LABEL_W - 6, y: y + 15, 'text-anchor': 'end' }, tw.name));
    const all = tw.stations.rate;
    const poor = tw.poorStations.rate;
    const bar = el('rect', { class: 'bar-all', x: x(0), y: y + 3, width: (all ?? 0) * PLOT_W, height: 9, 'data-testid': 'bar-station', 'data-code': tw.code, 'data-value': all ?? '' });
    bar.append(el('title', {}, `${tw.name} ${t('stationRate')} ${format('rate', all)}`));
    svg.append(bar);
    const pbar = el('rect', { class: 'bar-poor', x: x(0), y: y + 13, width: (poor ?? 0) * PLOT_W, height: 8, 'data-testid': 'bar-poor-station', 'data-code': tw.code, 'data-value': poor ?? '' });
    pbar.append(el('title', {}, `${tw.name} ${t('poorStationRate')} ${format('rate', poor)}`));
    svg.append(pbar);
    svg.append(el('text', { x: x(Math.max(all ?? 0, poor ?? 0)) + 4, y: y + 15, fill: '#444' }, format('rate', all)));
  });
  svg.append(el('line', { class: 'target', 'data-testid': 'target-line', x1: x(target), x2: x(target), y1: TOP - 4, y2: TOP + townships.length * ROW_H + 2 }));
  container.append(svg);
}

/** Frequency bands per township as stacked bars, scaled to the largest township. */
export function bandChart(container, townships) {
  container.replaceChildren();
  const svg = frame(townships.length);
  const max = Math.max(1, ...townships.map((tw) => tw.villages));
  townships.forEach((tw, i) => {
    const y = TOP + i * ROW_H;
    svg.append(el('text', { x: LABEL_W - 6, y: y + 15, 'text-anchor': 'end' }, tw.name));
    let x = LABEL_W;
    const bands = tw.service ? tw.service.bands : { daily: 0, d3to6: 0, d1to2: 0, none: tw.villages };
    for (const b of BANDS) {
      const n = bands[b] ?? 0;
      if (n === 0) continue;
      const w = (n / max) * PLOT_W;
      const r = el('rect', { x, y: y + 4, width: w, height: 16, fill: BAND_COLOURS[b], 'data-testid': 'bar-band', 'data-code': tw.code, 'data-band': b, 'data-value': n });
      r.append(el('title', {}, `${tw.name} ${t(`band_${b}`)}: ${n}`));
      svg.append(r);
      x += w;
    }
    svg.append(el('text', { x: x + 4, y: y + 16, fill: '#444' }, String(tw.villages)));
  });
  container.append(svg);
}
