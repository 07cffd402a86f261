// Failures: dead-lettered notifications with Redrive and its progress; refused deliveries by provider and reason over
// the last hour (the local server's metrics); bounced, complained and suppressed notifications (GET /notifications).
import {get, post} from './api.js';
import {h, fill, time, status, errorBox, table, txnLink, announce} from './dom.js';

const POLL_MS = 1000;

export async function failuresPage(view) {
  const dlqBox = h('section', {id: 'dead-lettered', 'aria-labelledby': 'dlq-heading'});
  const redriveBox = h('section', {id: 'redrive', 'aria-labelledby': 'redrive-heading'});
  const refusedBox = h('section', {id: 'refused', 'aria-labelledby': 'refused-heading'});
  const feedbackBox = h('section', {id: 'feedback', 'aria-labelledby': 'feedback-heading'});
  fill(view, h('h1', {}, 'Failures'), dlqBox, redriveBox, refusedBox, feedbackBox);
  let timer = null;
  let gone = false;
  let failedCount = 0;

  async function loadDeadLettered() {
    let page;
    try {
      page = await get('/notifications', {status: 'FAILED'});
    } catch (e) {
      fill(dlqBox, h('h2', {id: 'dlq-heading'}, 'Dead-lettered notifications'), errorBox(e));
      return;
    }
    const list = page.notifications || [];
    failedCount = page.count !== undefined ? page.count : list.length;
    fill(dlqBox, h('h2', {id: 'dlq-heading'}, 'Dead-lettered notifications'),
      h('p', {id: 'dlq-count'}, failedCount === 0 ? 'None: no notification is dead-lettered.'
        : failedCount + (failedCount === 1 ? ' notification failed every attempt and waits' : ' notifications failed every attempt and wait')
          + ' in the dead-letter queue'
        + (page.truncated ? ' (the first ' + list.length + ' are listed).' : '.')),
      list.length ? table(null,
        [{label: 'Transaction'}, {label: 'Notification'}, {label: 'Channel'}, {label: 'Status'}, {label: 'Attempts', num: true},
          {label: 'Why'}, {label: 'Requested'}],
        list.map(n => [txnLink(n.transaction_id), h('span', {class: 'mono'}, n.notification_id), n.channel || '—', status(n.status),
          n.attempts === null || n.attempts === undefined ? '—' : String(n.attempts),
          [n.detail, n.reason ? 'requested: ' + n.reason : null].filter(Boolean).join('; ') || '—', time(n.requested_at)])) : null);
    const tbl = dlqBox.querySelector('table');
    if (tbl) tbl.id = 'dlq-table';
  }

  function showRedrive(r) {
    const running = r.status === 'running';
    const toMove = Number(r.to_move || 0);
    const moved = Number(r.moved || 0);
    return h('div', {id: 'redrive-state', role: 'status'},
      h('p', {}, 'Redrive ', h('span', {class: 'mono'}, r.redrive_id || ''), ' ', status(r.status),
        r.started_at ? h('span', {}, ' started ', time(r.started_at)) : null, ': moved ', String(moved), ' of ', String(toMove), '.'),
      h('progress', {max: String(Math.max(toMove, 1)), value: String(running ? moved : Math.max(moved, toMove)),
        'aria-label': 'Redrive progress'}));
  }

  const reason = h('input', {type: 'text', id: 'redrive-reason', name: 'reason', maxlength: '200', autocomplete: 'off',
    'aria-describedby': 'redrive-help'});
  const start = h('button', {type: 'button', id: 'redrive-open'}, 'Redrive…');
  const confirmRow = h('div', {class: 'actions', hidden: true},
    h('span', {id: 'redrive-confirm-text'}),
    h('button', {type: 'button', id: 'redrive-confirm', class: 'danger'}, 'Confirm redrive'),
    h('button', {type: 'button', id: 'redrive-cancel', class: 'secondary'}, 'Cancel'));
  const state = h('div', {id: 'redrive-progress', 'aria-live': 'polite', tabindex: '-1'});
  const notice = h('div', {id: 'redrive-notice'});
  const reasonError = h('p', {class: 'error', id: 'redrive-reason-error', hidden: true}, 'Give a reason.');
  fill(redriveBox, h('h2', {id: 'redrive-heading'}, 'Redrive'),
    h('p', {id: 'redrive-help', class: 'muted'}, 'Moves every dead-lettered notification back to the queue to be sent again. '
      + 'The reason goes into the audit trail.'),
    h('div', {class: 'row'}, h('div', {}, h('label', {for: 'redrive-reason'}, 'Reason (required)'), reason), start),
    reasonError, confirmRow, notice, state);

  start.addEventListener('click', () => {
    if (!reason.value.trim()) {
      reasonError.hidden = false;
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    reasonError.hidden = true;
    reason.removeAttribute('aria-invalid');
    fill(confirmRow.querySelector('#redrive-confirm-text'), 'Move ' + failedCount + ' dead-lettered notification'
      + (failedCount === 1 ? '' : 's') + ' back to the queue?');
    confirmRow.hidden = false;
    confirmRow.querySelector('#redrive-confirm').focus();
  });
  confirmRow.querySelector('#redrive-cancel').addEventListener('click', () => {
    confirmRow.hidden = true;
    start.focus();
  });
  confirmRow.querySelector('#redrive-confirm').addEventListener('click', async () => {
    confirmRow.hidden = true;
    start.disabled = true;
    fill(notice);
    try {
      const r = await post('/notifications/redrive', {reason: reason.value.trim()});
      fill(state, showRedrive(r));
      announce('Redrive started.');
      follow();
    } catch (e) {
      if (e.status === 409) {
        fill(notice, errorBox(e)); // one is running already: say so, and show its progress
        follow();
      } else {
        fill(state, errorBox(e));
        start.disabled = false;
      }
    }
    // the button is disabled while a redrive runs: the focus goes to its progress
    (start.disabled ? state : start).focus();
  });

  async function follow() {
    if (gone) return;
    let r;
    try {
      r = await get('/notifications/redrive');
    } catch (e) {
      start.disabled = false;
      fill(state, errorBox(e));
      return;
    }
    fill(state, showRedrive(r));
    if (r.status === 'running') {
      timer = setTimeout(follow, POLL_MS);
    } else {
      start.disabled = false;
      announce('Redrive ' + r.status + ': moved ' + (r.moved || 0) + '.');
      await loadDeadLettered();
    }
  }

  async function loadLastRedrive() {
    try {
      const r = await get('/notifications/redrive');
      fill(state, showRedrive(r));
      if (r.status === 'running') {
        start.disabled = true;
        follow();
      }
    } catch (e) {
      if (e.status === 404) fill(state, h('p', {class: 'empty'}, 'No redrive has run yet.'));
      else fill(state, errorBox(e));
    }
  }

  async function loadMetrics() {
    let o;
    try {
      o = await get('/overview');
    } catch (e) {
      fill(refusedBox, h('h2', {id: 'refused-heading'}, 'Refused deliveries, last hour'), errorBox(e));
      return;
    }
    const refused = o.refused_last_hour || [];
    fill(refusedBox, h('h2', {id: 'refused-heading'}, 'Refused deliveries, last hour'),
      refused.length ? table('By provider and reason (the error code answered)',
        [{label: 'Provider'}, {label: 'Reason'}, {label: 'Refused', num: true}],
        refused.map(r => [r.provider, h('code', {}, r.reason), String(r.count)]))
        : h('p', {class: 'empty'}, 'No delivery was refused in the last hour.'));
    const tbl = refusedBox.querySelector('table');
    if (tbl) tbl.id = 'refused-table';
  }

  // bounced, complained and suppressed notifications: from the API's index of notifications by status
  async function loadFeedback() {
    const pages = [];
    for (const st of ['BOUNCED', 'COMPLAINED', 'SUPPRESSED']) {
      try {
        pages.push({status: st, page: await get('/notifications', {status: st, limit: 50})});
      } catch (e) {
        fill(feedbackBox, h('h2', {id: 'feedback-heading'}, 'Bounced, complained and suppressed'), errorBox(e));
        return;
      }
    }
    const rows = pages.flatMap(p => (p.page.notifications || []).map(n => Object.assign({}, n, {status: n.status || p.status})));
    rows.sort((a, b) => String(b.requested_at || '').localeCompare(String(a.requested_at || '')));
    const counts = pages.map(p => p.page.count + ' ' + p.status.toLowerCase() + (p.page.truncated ? ' (50 listed)' : '')).join(', ');
    fill(feedbackBox, h('h2', {id: 'feedback-heading'}, 'Bounced, complained and suppressed'),
      h('p', {id: 'feedback-count'}, counts + '.'),
      rows.length ? table(null,
        [{label: 'Transaction'}, {label: 'Notification'}, {label: 'Channel'}, {label: 'Status'}, {label: 'Detail'}, {label: 'Requested'},
          {label: 'Sent'}],
        rows.map(n => [txnLink(n.transaction_id), h('span', {class: 'mono'}, n.notification_id), n.channel || '—', status(n.status),
          n.detail || '—', time(n.requested_at), time(n.sent_at)]))
        : h('p', {class: 'empty'}, 'No notification bounced, drew a complaint or was suppressed.'));
    const tbl = feedbackBox.querySelector('table');
    if (tbl) tbl.id = 'feedback-table';
  }

  await Promise.all([loadDeadLettered(), loadLastRedrive(), loadMetrics(), loadFeedback()]);
  return () => {
    gone = true;
    clearTimeout(timer);
  };
}
