// A small line chart in SVG, with a legend and the figures as a table (no library).
import {h, svg, table} from './dom.js';

const W = 480, H = 170, LEFT = 36, RIGHT = 8, TOP = 8, BOTTOM = 22;
const hhmm = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit'});

/**
 * A figure: one line per series name over the times, each point the count in its interval.
 * @param id      the figure's id
 * @param title   what it shows, e.g. "Received per provider"
 * @param times   ISO instants, the end of each interval
 * @param series  {name: [counts, one per time]}
 * @param unit    what is counted, e.g. "events"
 */
export function lineChart(id, title, times, series, unit) {
  const names = Object.keys(series);
  const totals = names.map(n => series[n].reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...names.flatMap(n => series[n]));
  const n = Math.max(times.length, 1);
  const x = i => LEFT + (n === 1 ? (W - LEFT - RIGHT) : i * (W - LEFT - RIGHT) / (n - 1));
  const y = v => TOP + (H - TOP - BOTTOM) * (1 - v / max);
  const summary = names.length
    ? names.map((name, i) => name + ' ' + totals[i]).join(', ') + ' ' + unit + ' in the period'
    : 'nothing in the period';
  const titleId = id + '-title';
  const descId = id + '-desc';
  const chart = svg('svg', {class: 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': titleId + ' ' + descId},
    svg('title', {id: titleId}, title),
    svg('desc', {id: descId}, summary),
    svg('line', {class: 'grid', x1: LEFT, x2: W - RIGHT, y1: y(max), y2: y(max)}),
    svg('line', {class: 'grid', x1: LEFT, x2: W - RIGHT, y1: y(max / 2), y2: y(max / 2)}),
    svg('line', {class: 'axis', x1: LEFT, x2: W - RIGHT, y1: y(0), y2: y(0)}),
    svg('line', {class: 'axis', x1: LEFT, x2: LEFT, y1: TOP, y2: y(0)}),
    svg('text', {x: LEFT - 4, y: y(max) + 4, 'text-anchor': 'end'}, String(max)),
    svg('text', {x: LEFT - 4, y: y(0) + 4, 'text-anchor': 'end'}, '0'),
    times.length ? svg('text', {x: LEFT, y: H - 6, 'text-anchor': 'start'}, hhmm.format(new Date(times[0]))) : null,
    times.length > 1 ? svg('text', {x: W - RIGHT, y: H - 6, 'text-anchor': 'end'}, hhmm.format(new Date(times[times.length - 1]))) : null);
  names.forEach((name, i) => {
    const points = series[name].map((v, j) => x(j).toFixed(1) + ',' + y(v).toFixed(1)).join(' ');
    chart.appendChild(svg('polyline', {class: 'c' + (i % 8), points}));
  });
  return h('figure', {id},
    h('figcaption', {}, title),
    chart,
    names.length
      ? h('ul', {class: 'legend', 'aria-label': 'Legend'}, names.map((name, i) =>
        h('li', {}, h('span', {class: 'swatch c' + (i % 8), 'aria-hidden': 'true'}), name + ': ' + totals[i])))
      : h('p', {class: 'empty'}, 'Nothing in the period.'),
    names.length ? h('details', {}, h('summary', {}, 'Show the figures'),
      table(null, [{label: 'Series'}, {label: 'Total', num: true}, {label: 'Busiest interval', num: true}],
        names.map((name, i) => [name, String(totals[i]), String(Math.max(...series[name]))]))) : null);
}
