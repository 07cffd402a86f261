// One transaction: its facts, a timeline of its events and notifications, its audit trail, and Re-send confirmation.
import {get, post} from './api.js';
import {h, fill, time, amount, status, errorBox, table, announce} from './dom.js';

const POLL_MS = 2000;
const POLL_LIMIT = 90; // three minutes of polling at most
const FINAL = new Set(['SENT', 'FAILED', 'NO_RECIPIENT', 'SUPPRESSED', 'BOUNCED', 'COMPLAINED']);

function timeline(t) {
  const rows = [];
  for (const e of t.events || []) {
    rows.push({at: e.received_at || e.occurred_at, cells: [
      h('span', {}, 'Event ', h('code', {}, e.type || '—')),
      status(e.status),
      time(e.occurred_at),
      time(e.received_at),
      '—',
      h('span', {class: 'mono'}, e.event_id)]});
  }
  for (const n of t.notifications || []) {
    const detail = [n.reason ? 'reason: ' + n.reason : null, n.for_status ? 'for ' + n.for_status : null, n.detail].filter(Boolean).join('; ');
    rows.push({at: n.requested_at, cells: [
      h('span', {}, 'Notification (' + (n.channel || '—') + ')'),
      status(n.status),
      time(n.requested_at),
      time(n.sent_at),
      n.attempts === null || n.attempts === undefined ? '—' : String(n.attempts),
      h('span', {}, h('span', {class: 'mono'}, n.notification_id), detail ? h('br') : null, detail || null)],
      id: n.notification_id});
  }
  rows.sort((a, b) => String(a.at || '').localeCompare(String(b.at || '')));
  if (!rows.length) return h('p', {class: 'empty'}, 'No events or notifications yet.');
  const tbl = table('Events and notifications, oldest first',
    [{label: 'Entry'}, {label: 'Status'}, {label: 'Occurred / requested'}, {label: 'Received / sent'}, {label: 'Attempts', num: true},
      {label: 'Details'}],
    rows.map(r => r.cells));
  tbl.id = 'timeline-table';
  // mark each notification row with its id (the re-send's progress and the tests find it)
  const trs = tbl.querySelectorAll('tbody tr');
  rows.forEach((r, i) => { if (r.id) trs[i].dataset.notification = r.id; });
  return tbl;
}

function facts(t) {
  const risk = t.risk ? [t.risk.level, t.risk.score !== undefined ? '(score ' + t.risk.score + ')' : null,
    (t.risk.reasons || []).join(', ')].filter(Boolean).join(' ') : null;
  const pairs = [
    ['Status', status(t.status)],
    ['Amount', amount(t.amount)],
    ['Provider', t.provider || '—'],
    ['Merchant', t.merchant || '—'],
    ['Payment method', t.payment_method || '—'],
    ['Customer id', t.customer_id || '—'],
    ['Created', time(t.created_at)],
    ['Updated', time(t.updated_at)]];
  if (risk) pairs.push(['Risk', risk]);
  if (t.archived) pairs.push(['Archived', 'yes (answered from the archive)']);
  return h('dl', {class: 'facts', id: 'facts'}, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export async function transactionPage(view, id) {
  const timers = new Set();
  const later = (fn, ms) => { const t = setTimeout(() => { timers.delete(t); fn(); }, ms); timers.add(t); };
  let gone = false;

  const heading = h('h1', {}, 'Transaction ', h('span', {class: 'mono'}, id));
  fill(view, heading, h('p', {class: 'muted'}, 'Loading…'));
  let t;
  try {
    t = await get('/transactions/' + encodeURIComponent(id));
  } catch (e) {
    fill(view, heading, errorBox(e), h('p', {}, h('a', {href: '#/search'}, 'Back to search')));
    return null;
  }

  const factsBox = h('section', {'aria-labelledby': 'facts-heading'}, h('h2', {id: 'facts-heading', class: 'visually-hidden'}, 'Facts'), facts(t));
  const timelineBox = h('section', {id: 'timeline', 'aria-labelledby': 'timeline-heading'}, h('h2', {id: 'timeline-heading'}, 'Timeline'), timeline(t));
  const progress = h('div', {id: 'resend-progress', role: 'status', 'aria-live': 'polite'});
  const auditBox = h('section', {id: 'audit', 'aria-labelledby': 'audit-heading'});

  // Re-send: a reason, then a confirmation step, in a modal dialog (the browser keeps the focus in it; Escape cancels)
  const reason = h('textarea', {id: 'resend-reason', name: 'reason', maxlength: '200', required: true,
    'aria-describedby': 'resend-reason-help'});
  const step1 = h('div', {},
    h('label', {for: 'resend-reason'}, 'Reason (required)'),
    reason,
    h('p', {id: 'resend-reason-help', class: 'muted'}, 'Kept on the notification and in the audit trail, e.g. "customer asked for a copy".'),
    h('p', {id: 'resend-reason-error', class: 'error', hidden: true}, 'Give a reason.'),
    h('div', {class: 'actions'},
      h('button', {type: 'button', id: 'resend-continue'}, 'Continue'),
      h('button', {type: 'button', class: 'secondary', id: 'resend-cancel'}, 'Cancel')));
  const confirmText = h('p', {id: 'resend-confirm-text'});
  const step2 = h('div', {hidden: true},
    confirmText,
    h('div', {class: 'actions'},
      h('button', {type: 'button', id: 'resend-confirm'}, 'Confirm re-send'),
      h('button', {type: 'button', class: 'secondary', id: 'resend-back'}, 'Back')));
  const dialog = h('dialog', {id: 'resend-dialog', 'aria-labelledby': 'resend-title'},
    h('h2', {id: 'resend-title'}, 'Re-send confirmation'), step1, step2);
  const openButton = h('button', {type: 'button', id: 'resend-open'}, 'Re-send confirmation…');

  fill(view, heading, factsBox,
    h('section', {'aria-labelledby': 'actions-heading'}, h('h2', {id: 'actions-heading'}, 'Actions'),
      h('p', {class: 'muted'}, 'Sends the customer the confirmation for the payment\'s current status again.'),
      openButton, progress),
    timelineBox, auditBox, dialog);

  openButton.addEventListener('click', () => {
    reason.value = '';
    step1.hidden = false;
    step2.hidden = true;
    dialog.querySelector('#resend-reason-error').hidden = true;
    dialog.showModal();
    reason.focus();
  });
  dialog.querySelector('#resend-cancel').addEventListener('click', () => dialog.close());
  dialog.querySelector('#resend-continue').addEventListener('click', () => {
    const why = reason.value.trim();
    if (!why) {
      dialog.querySelector('#resend-reason-error').hidden = false;
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    reason.removeAttribute('aria-invalid');
    fill(confirmText, 'Re-send the confirmation of transaction ', h('strong', {}, id), ' (status ', t.status || 'none',
      ') to its customer, with the reason “', why, '”?');
    step1.hidden = true;
    step2.hidden = false;
    dialog.querySelector('#resend-confirm').focus();
  });
  dialog.querySelector('#resend-back').addEventListener('click', () => {
    step2.hidden = true;
    step1.hidden = false;
    reason.focus();
  });
  dialog.querySelector('#resend-confirm').addEventListener('click', async () => {
    const button = dialog.querySelector('#resend-confirm');
    button.disabled = true;
    let answer;
    try {
      answer = await post('/transactions/' + encodeURIComponent(id) + '/notify', {reason: reason.value.trim()});
    } catch (e) {
      button.disabled = false;
      dialog.close();
      fill(progress, errorBox(e));
      openButton.focus();
      return;
    }
    button.disabled = false;
    dialog.close();
    openButton.focus();
    follow(answer.notification_id, 0);
  });

  // follows the new notification until it is final, refreshing the timeline
  async function follow(notificationId, round) {
    if (gone) return;
    let n = null;
    try {
      t = await get('/transactions/' + encodeURIComponent(id));
      fill(timelineBox, h('h2', {id: 'timeline-heading'}, 'Timeline'), timeline(t));
      fill(factsBox, h('h2', {id: 'facts-heading', class: 'visually-hidden'}, 'Facts'), facts(t));
      n = (t.notifications || []).find(x => x.notification_id === notificationId) || null;
    } catch (e) {
      fill(progress, errorBox(e));
      return;
    }
    const state = n ? n.status : 'QUEUED';
    const done = FINAL.has(state);
    fill(progress, h('p', {class: done ? '' : 'muted'}, 'Re-send requested: notification ', h('span', {class: 'mono'}, notificationId), ' is ',
      status(state), done ? '.' : ' — checking again every ' + POLL_MS / 1000 + ' s…'));
    if (done) {
      announce('Notification ' + state + '.');
      loadAudit(null);
    } else if (round === 0) {
      announce('Re-send requested; the notification is ' + state + '.');
    }
    if (!done && round < POLL_LIMIT) later(() => follow(notificationId, round + 1), POLL_MS);
    else if (!done) fill(progress, h('p', {}, 'The notification is still ', status(state), ': look at its status in the timeline later.'));
  }

  async function loadAudit(cursor, more) {
    let page;
    try {
      page = await get('/audit', {transaction_id: id, limit: 10, cursor});
    } catch (e) {
      fill(auditBox, h('h2', {id: 'audit-heading'}, 'Audit trail'), errorBox(e));
      return;
    }
    const records = page.records || [];
    const rows = records.map(r => [time(r.at), h('span', {class: 'mono'}, r.principal), r.action, status(r.outcome),
      r.error || '—', h('span', {class: 'mono'}, r.request_id)]);
    const cols = [{label: 'Time'}, {label: 'Principal'}, {label: 'Action'}, {label: 'Outcome'}, {label: 'Error'}, {label: 'Request id'}];
    if (!more) {
      fill(auditBox, h('h2', {id: 'audit-heading'}, 'Audit trail'),
        h('p', {class: 'muted'}, 'Who read or changed this transaction, newest first (opening this page is one of them).'),
        records.length ? table(null, cols, rows) : h('p', {class: 'empty'}, 'No audit records.'));
      auditBox.querySelector('table') && (auditBox.querySelector('table').id = 'audit-table');
    } else {
      const body = auditBox.querySelector('tbody');
      const tmp = table(null, cols, rows);
      for (const tr of [...tmp.querySelectorAll('tbody tr')]) body.appendChild(tr);
    }
    const old = auditBox.querySelector('#audit-more');
    if (old) old.remove();
    if (page.next_cursor) {
      auditBox.appendChild(h('button', {type: 'button', class: 'secondary', id: 'audit-more',
        onclick: () => loadAudit(page.next_cursor, true)}, 'Older records'));
    }
  }

  await loadAudit(null);
  return () => {
    gone = true;
    timers.forEach(clearTimeout);
    if (dialog.open) dialog.close();
  };
}
