// Small DOM helpers: every text goes in as text (never as HTML), so nothing the API returns can run as script.

/** An element: h('a', {href: '#/x', class: 'y'}, 'text', child, [more]). Attributes starting with "on" are listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** An SVG element (charts). */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Says something to screen readers (the page's polite live region). */
export function announce(text) {
  const region = document.getElementById('announce');
  if (!region) return;
  region.textContent = '';
  // a change of text is what is announced: set it on the next frame
  requestAnimationFrame(() => { region.textContent = text; });
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short'
});

/** A <time> in the browser's zone, with the UTC instant on hover; a dash for none. */
export function time(iso) {
  if (!iso) return h('span', {class: 'muted'}, '—');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return h('span', {}, iso);
  return h('time', {datetime: d.toISOString(), title: 'UTC ' + d.toISOString().replace('T', ' ').replace('Z', '')}, timeFormat.format(d));
}

/** The number of fraction digits of a currency (JPY 0, EUR 2, BHD 3). */
export function currencyDigits(currency) {
  try {
    return new Intl.NumberFormat('en', {style: 'currency', currency}).resolvedOptions().maximumFractionDigits;
  } catch (e) {
    return 2;
  }
}

/** {value: minor units, currency} in the currency's own format (1999 EUR → €19.99). */
export function amount(money) {
  if (!money || money.value === null || money.value === undefined) return h('span', {class: 'muted'}, '—');
  const digits = currencyDigits(money.currency);
  const major = Number(money.value) / Math.pow(10, digits);
  let text;
  try {
    text = new Intl.NumberFormat(undefined, {style: 'currency', currency: money.currency, minimumFractionDigits: digits,
      maximumFractionDigits: digits}).format(major);
  } catch (e) {
    text = major.toFixed(digits) + ' ' + money.currency;
  }
  return h('span', {class: 'amount', title: money.value + ' minor units of ' + money.currency}, text);
}

const GOOD = new Set(['SUCCEEDED', 'SENT', 'AUTHORIZED', 'ok', 'up', 'completed', '2xx']);
const BAD = new Set(['FAILED', 'DISPUTED', 'BOUNCED', 'COMPLAINED', 'SUPPRESSED', 'down', 'degraded', 'unreachable', 'failed', '4xx', '5xx']);
const WAIT = new Set(['QUEUED', 'PENDING', 'running', 'PARTIALLY_REFUNDED']);

/** A status as a labelled badge (its text is the status itself, so no meaning is carried by colour alone). */
export function status(s) {
  if (s === null || s === undefined) return h('span', {class: 'status neutral'}, 'none');
  const kind = GOOD.has(s) ? 'good' : BAD.has(s) ? 'bad' : WAIT.has(s) ? 'wait' : 'neutral';
  return h('span', {class: 'status ' + kind}, s);
}

/** An error box with the API's sentence. */
export function errorBox(err) {
  return h('p', {class: 'error', role: 'alert'}, err && err.message ? err.message : String(err));
}

/** A table (in a box that scrolls sideways on a narrow screen): columns [{label, num}], rows of cells. */
export function table(caption, columns, rows) {
  return h('div', {class: 'table-wrap'}, h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(c => h('th', {scope: 'col', class: c.num ? 'num' : null}, c.label)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map((cell, i) => h('td', {class: columns[i] && columns[i].num ? 'num' : null}, cell)))))));
}

/** The link to a transaction's page. */
export function txnLink(id) {
  return h('a', {href: '#/transactions/' + encodeURIComponent(id)}, id);
}
