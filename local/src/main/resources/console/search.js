// Search: the filters of GET /transactions, paged; and a box that opens a transaction by its id.
import {get} from './api.js';
import {h, fill, time, amount, status, errorBox, table, txnLink, announce} from './dom.js';

const STATUSES = ['PENDING', 'AUTHORIZED', 'SUCCEEDED', 'FAILED', 'CANCELED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'DISPUTED'];
const RISKS = ['low', 'elevated', 'high'];
const PROVIDERS = ['stripe', 'adyen', 'paypal', 'square', 'checkout', 'razorpay', 'gocardless', 'paddle', 'standard_webhooks', 'generic'];
// a submitted search re-opens the page with the filters in its address: the focus then goes to the results
let focusResultsOnOpen = false;

const FIELDS = ['merchant', 'provider', 'customer_id', 'updated_from', 'updated_to', 'limit'];

/** An ISO instant as the value of a datetime-local input (the browser's zone). */
function toLocalInput(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = n => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
}

/** The value of a datetime-local input (the browser's zone) as an ISO instant. */
function fromLocalInput(value) {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

export async function searchPage(view, params) {
  const filters = {};
  for (const f of FIELDS) if (params.get(f)) filters[f] = params.get(f);
  const statuses = params.getAll('status');
  const risks = params.getAll('risk');

  const idInput = h('input', {type: 'text', id: 'open-id', name: 'id', autocomplete: 'off', spellcheck: 'false', required: true,
    placeholder: 'e.g. pi_3Q… or order-42'});
  const openForm = h('form', {class: 'box', role: 'search', 'aria-label': 'Open a transaction by id'},
    h('div', {class: 'row'},
      h('div', {}, h('label', {for: 'open-id'}, 'Transaction id'), idInput),
      h('button', {type: 'submit'}, 'Open transaction')));
  openForm.addEventListener('submit', e => {
    e.preventDefault();
    const id = idInput.value.trim();
    if (id) location.hash = '#/transactions/' + encodeURIComponent(id);
  });

  const input = (id, label, value, attrs) => h('div', {},
    h('label', {for: id}, label), h('input', Object.assign({type: 'text', id, name: id, value: value || '', autocomplete: 'off'}, attrs || {})));
  const limit = h('select', {id: 'f-limit', name: 'limit'},
    ['10', '25', '50', '100'].map(n => h('option', {value: n, selected: (filters.limit || '25') === n}, n)));
  const filterForm = h('form', {class: 'filters', role: 'search', 'aria-label': 'Search transactions'},
    input('f-merchant', 'Merchant', filters.merchant),
    input('f-provider', 'Provider', filters.provider, {list: 'providers'}),
    h('datalist', {id: 'providers'}, PROVIDERS.map(p => h('option', {value: p}))),
    input('f-customer', 'Customer id', filters.customer_id),
    h('div', {}, h('label', {for: 'f-from'}, 'Updated from'),
      h('input', {type: 'datetime-local', id: 'f-from', name: 'updated_from', value: filters.updated_from ? toLocalInput(filters.updated_from) : ''})),
    h('div', {}, h('label', {for: 'f-to'}, 'Updated to'),
      h('input', {type: 'datetime-local', id: 'f-to', name: 'updated_to', value: filters.updated_to ? toLocalInput(filters.updated_to) : ''})),
    h('div', {}, h('label', {for: 'f-limit'}, 'Per page'), limit),
    h('fieldset', {},
      h('legend', {}, 'Status (any of)'),
      STATUSES.map(s => h('label', {}, h('input', {type: 'checkbox', name: 'status', value: s, checked: statuses.includes(s)}), s))),
    h('fieldset', {},
      h('legend', {}, 'Risk (any of)'),
      RISKS.map(r => h('label', {}, h('input', {type: 'checkbox', name: 'risk', value: r, checked: risks.includes(r)}), r))),
    h('div', {class: 'actions'},
      h('button', {type: 'submit', id: 'search-button'}, 'Search'),
      h('button', {type: 'reset', class: 'secondary', id: 'clear-button'}, 'Clear filters')));

  const results = h('section', {id: 'results', 'aria-labelledby': 'results-heading', 'aria-live': 'polite'});
  fill(view,
    h('h1', {}, 'Search transactions'),
    openForm,
    h('h2', {}, 'Filters'),
    filterForm,
    h('h2', {id: 'results-heading'}, 'Results'),
    results);

  const query = () => {
    const q = {};
    const value = id => document.getElementById(id).value.trim();
    if (value('f-merchant')) q.merchant = value('f-merchant');
    if (value('f-provider')) q.provider = value('f-provider');
    if (value('f-customer')) q.customer_id = value('f-customer');
    const from = fromLocalInput(value('f-from'));
    const to = fromLocalInput(value('f-to'));
    if (from) q.updated_from = from;
    if (to) q.updated_to = to;
    if (limit.value !== '25') q.limit = limit.value;
    const checked = [...filterForm.querySelectorAll('input[name="status"]:checked')].map(c => c.value);
    if (checked.length) q.status = checked;
    const risky = [...filterForm.querySelectorAll('input[name="risk"]:checked')].map(c => c.value);
    if (risky.length) q.risk = risky;
    return q;
  };
  const toHash = q => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) (Array.isArray(v) ? v : [v]).forEach(x => p.append(k, x));
    const s = p.toString();
    return '#/search' + (s ? '?' + s : '');
  };

  filterForm.addEventListener('submit', e => {
    e.preventDefault();
    const hash = toHash(query());
    if (hash === location.hash) {
      run(query(), []).then(focusResults);
    } else {
      focusResultsOnOpen = true;
      location.hash = hash;
    }
  });
  filterForm.addEventListener('reset', () => {
    // the inputs had their values from the hash: clear them for real, then search without filters
    setTimeout(() => {
      for (const el of filterForm.querySelectorAll('input[type="text"], input[type="datetime-local"]')) el.value = '';
      for (const el of filterForm.querySelectorAll('input[type="checkbox"]')) el.checked = false;
      limit.value = '25';
      if (location.hash !== '#/search') location.hash = '#/search';
      else run({}, []);
    });
  });

  const current = Object.assign({}, filters);
  if (statuses.length) current.status = statuses;
  if (risks.length) current.risk = risks;

  // cursors of the pages before this one (Previous), and of this one
  async function run(q, stack) {
    results.setAttribute('aria-busy', 'true');
    fill(results, h('p', {class: 'muted'}, 'Searching…'));
    let page;
    try {
      page = await get('/transactions', Object.assign({}, q, {cursor: stack.length ? stack[stack.length - 1] : null}));
    } catch (e) {
      fill(results, errorBox(e));
      results.removeAttribute('aria-busy');
      announce('Search failed: ' + e.message);
      return;
    }
    results.removeAttribute('aria-busy');
    const rows = page.transactions || [];
    if (!rows.length) {
      fill(results, h('p', {class: 'empty', id: 'no-results'}, stack.length ? 'No more transactions.' : 'No transaction matches these filters.'));
      announce('No transaction matches.');
    } else {
      fill(results, table(null,
        [{label: 'Transaction'}, {label: 'Status'}, {label: 'Amount', num: true}, {label: 'Provider'}, {label: 'Merchant'},
          {label: 'Customer'}, {label: 'Risk'}, {label: 'Updated'}],
        rows.map(t => [txnLink(t.transaction_id), status(t.status), amount(t.amount), t.provider, t.merchant || '—',
          t.customer_id || '—', t.risk || '—', time(t.updated_at)])));
      announce(rows.length + ' transaction' + (rows.length === 1 ? '' : 's') + (page.next_cursor ? ', more on the next page.' : '.'));
    }
    const pager = h('div', {class: 'pager'},
      h('span', {class: 'muted'}, 'Page ' + (stack.length + 1)),
      stack.length ? h('button', {type: 'button', class: 'secondary', id: 'prev-page', onclick: () => run(q, stack.slice(0, -1)).then(focusResults)}, 'Previous page') : null,
      page.next_cursor ? h('button', {type: 'button', class: 'secondary', id: 'next-page', onclick: () => run(q, [...stack, page.next_cursor]).then(focusResults)}, 'Next page') : null);
    results.appendChild(pager);
  }

  // a page change replaces the button that had the focus: give it to the results' heading
  function focusResults() {
    const heading = document.getElementById('results-heading');
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }

  await run(current, []);
  if (focusResultsOnOpen) {
    focusResultsOnOpen = false;
    focusResults();
  }
  return null;
}
