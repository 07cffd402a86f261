// Overview: received / refused / notified over the last hour as charts, and the health of the table, queue and mail.
import {get} from './api.js';
import {h, fill, status, errorBox, time} from './dom.js';
import {lineChart} from './chart.js';

const REFRESH_MS = 10000;

function healthList(answer) {
  const components = (answer && answer.components) || {};
  const items = Object.entries(components).map(([name, v]) => {
    // local: "up"/"down"; AWS: {"status": "ok", "latency_ms": ...}
    const s = typeof v === 'string' ? v : (v && v.status) || 'unknown';
    const extra = typeof v === 'object' && v && v.latency_ms !== undefined ? ' (' + v.latency_ms + ' ms)' : '';
    return h('li', {}, h('strong', {}, LABELS[name] || name), ' ', status(s), extra);
  });
  return h('div', {},
    h('p', {}, 'Overall: ', status(answer ? answer.status : null)),
    items.length ? h('ul', {class: 'health', id: 'health-components'}, items) : h('p', {class: 'empty'}, 'No components reported.'));
}

const LABELS = {dynamodb: 'Table (DynamoDB)', table: 'Table (DynamoDB)', queue: 'Queue (SQS)', mail: 'Mail channel'};

export async function overviewPage(view) {
  const healthBox = h('section', {id: 'health', 'aria-labelledby': 'health-heading'});
  const chartsBox = h('section', {id: 'charts', 'aria-labelledby': 'charts-heading', 'aria-busy': 'true'});
  fill(view, h('h1', {}, 'Overview'), healthBox, chartsBox);
  fill(healthBox, h('h2', {id: 'health-heading'}, 'Health'), h('p', {class: 'muted'}, 'Reading the health…'));
  fill(chartsBox, h('h2', {id: 'charts-heading'}, 'Last hour'), h('p', {class: 'muted'}, 'Reading the figures…'));
  let timer = null;
  let gone = false;

  async function load() {
    // someone reading the figures with the keyboard keeps their place: refresh later
    if (view.contains(document.activeElement) && document.activeElement !== view.querySelector('h1')) {
      timer = setTimeout(load, REFRESH_MS);
      return;
    }
    try {
      fill(healthBox, h('h2', {id: 'health-heading'}, 'Health'), healthList(await get('/health')));
    } catch (e) {
      // the deployed health check answers 503 with its body when a component is down
      fill(healthBox, h('h2', {id: 'health-heading'}, 'Health'), errorBox(e));
    }
    try {
      const o = await get('/overview');
      chartsBox.removeAttribute('aria-busy');
      fill(chartsBox, h('h2', {id: 'charts-heading'}, 'Last hour'),
        h('p', {class: 'muted'}, 'Counts per ' + o.interval_s + ' s from ', time(o.from), ' to ', time(o.to),
          ' (' + o.source + ').'),
        h('div', {class: 'charts'},
          lineChart('chart-received', 'Webhook events received, per provider', o.times, o.series.received, 'events'),
          lineChart('chart-refused', 'Deliveries refused, per provider', o.times, o.series.refused, 'refused'),
          lineChart('chart-notified', 'Customer notifications, per outcome', o.times, o.series.notified, 'notifications')));
    } catch (e) {
      chartsBox.removeAttribute('aria-busy');
      fill(chartsBox, h('h2', {id: 'charts-heading'}, 'Last hour'), errorBox(e));
      return; // nothing to refresh
    }
    if (!gone) timer = setTimeout(load, REFRESH_MS);
  }

  await load();
  return () => {
    gone = true;
    clearTimeout(timer);
  };
}
