// The console's router: #/search, #/transactions/<id>, #/failures, #/overview.
import {currentSession} from './api.js';
import {h, fill, errorBox} from './dom.js';
import {searchPage} from './search.js';
import {transactionPage} from './transaction.js';
import {failuresPage} from './failures.js';
import {overviewPage} from './overview.js';

const main = document.getElementById('main');
let leave = null; // the current page's clean-up (timers)
let firstRender = true;

function parse(hash) {
  const raw = hash.startsWith('#/') ? hash.slice(2) : 'search';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const [page, ...rest] = path.split('/');
  return {page: page || 'search', arg: rest.length ? decodeURIComponent(rest.join('/')) : null, params};
}

async function render() {
  if (leave) {
    leave();
    leave = null;
  }
  const {page, arg, params} = parse(location.hash);
  for (const a of document.querySelectorAll('.top nav a')) {
    if (a.dataset.page === (page === 'transactions' ? 'search' : page)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const view = h('div', {});
  fill(main, view);
  const pages = {
    search: () => searchPage(view, params),
    transactions: () => arg ? transactionPage(view, arg) : searchPage(view, params),
    failures: () => failuresPage(view),
    overview: () => overviewPage(view)
  };
  const open = pages[page];
  if (!open) {
    fill(view, h('h1', {tabindex: '-1'}, 'Not found'), h('p', {}, 'No such page. ', h('a', {href: '#/search'}, 'Search transactions')));
  } else {
    try {
      leave = await open();
    } catch (e) {
      view.appendChild(errorBox(e));
    }
  }
  // after a navigation, move the focus to the page's heading so that a screen reader reads where it is (unless the
  // page has put it somewhere itself, e.g. on the results of a search)
  const heading = view.querySelector('h1');
  if (heading && !firstRender && !view.contains(document.activeElement)) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
  firstRender = false;
}

document.getElementById('skip-link').addEventListener('click', e => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', render);

currentSession().then(s => {
  document.getElementById('mode').textContent = s.mode === 'proxy' ? 'API ' + s.api + ' (your AWS credentials)' : 'local system';
  render();
}, e => {
  fill(main, h('h1', {}, 'payhook console'), errorBox(e));
});
