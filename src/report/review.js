// mtfix review page (src/report/html.rs inlines this file).
//
// Reads the findings from <script id="mtfix-data">, builds the header bar
// (counts, filters, bulk buttons, export) and the side panel (one item per
// finding with Accept / Reject toggles and, for the selected one, an
// editable replacement), keeps the decisions in memory (and, when the
// browser allows it, in localStorage keyed by the data), and exports them
// as JSON Lines for `mtfix apply` (src/review/decisions.rs, docs/review.md).
// Everything taken from the data is inserted as text, never as markup.
(() => {
  'use strict';

  const bar = document.getElementById('bar');
  const panel = document.getElementById('panel');
  const docs = document.getElementById('docs');
  const dataEl = document.getElementById('mtfix-data');
  if (!bar || !panel || !docs) return;

  // ---------- small DOM helper: text children only ----------
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(typeof c === 'string' || typeof c === 'number' ? String(c) : c);
    }
    return node;
  }

  function title() {
    return h('h1', null, h('span', { class: 'logo' }, 'mt'), 'mtfix review');
  }

  let data = null;
  const rawData = dataEl ? dataEl.textContent : '';
  try {
    data = JSON.parse(rawData);
  } catch (_) {
    data = null;
  }
  if (!data || !Array.isArray(data.findings)) {
    bar.append(h('div', { class: 'row' }, title(),
      h('p', { class: 'error' }, 'This page has no readable finding data.')));
    return;
  }

  const findings = data.findings;
  const n = findings.length;
  // decision: null | 'accept' | 'reject'; text: the edited replacement or null.
  const state = findings.map(() => ({ decision: null, text: null }));
  const marks = findings.map((f, i) => document.getElementById('f' + i));
  const items = new Array(n);
  const shown = new Array(n).fill(true);
  let selected = -1;

  const plural = (k, word) => k + ' ' + word + (k === 1 ? '' : 's');
  const orig = (i) => findings[i].replacement;            // string or null
  const current = (i) => (state[i].text !== null ? state[i].text : orig(i));
  const isEdited = (i) => state[i].text !== null && state[i].text !== (orig(i) === null ? '' : orig(i));
  const visible = (s) => s.replace(/\r?\n/g, '⏎').replace(/\t/g, '⇥');
  const stateName = (i) => (state[i].decision === 'accept' ? 'accepted'
    : state[i].decision === 'reject' ? 'rejected' : 'undecided');

  // ---------- persistence (optional) ----------
  function hash(s) {
    let a = 0x811c9dc5;
    let b = 0x9e3779b9;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
    }
    return (a >>> 0).toString(36) + (b >>> 0).toString(36) + s.length.toString(36);
  }
  const storeKey = 'mtfix-review:' + hash(rawData);
  let storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(storeKey);
  } catch (_) {
    storage = null;
  }
  function save() {
    if (!storage) return;
    try {
      const list = [];
      state.forEach((s, i) => {
        if (s.decision || s.text !== null) list.push([i, s.decision, s.text]);
      });
      if (list.length) storage.setItem(storeKey, JSON.stringify({ v: 1, n, d: list }));
      else storage.removeItem(storeKey);
    } catch (_) { /* quota or privacy settings: memory only */ }
  }
  function restore() {
    if (!storage) return 0;
    let restored = 0;
    try {
      const saved = JSON.parse(storage.getItem(storeKey) || 'null');
      if (!saved || saved.v !== 1 || saved.n !== n || !Array.isArray(saved.d)) return 0;
      for (const [i, d, t] of saved.d) {
        if (!Number.isInteger(i) || i < 0 || i >= n) continue;
        state[i].decision = d === 'accept' || d === 'reject' ? d : null;
        state[i].text = typeof t === 'string' ? t : null;
        if (state[i].decision) restored++;
      }
    } catch (_) {
      return 0;
    }
    return restored;
  }

  // ---------- header bar ----------
  const counts = h('span', { id: 'counts', 'aria-live': 'polite' });
  const status = h('span', { id: 'status', role: 'status' });
  const acceptShown = h('button', { type: 'button', class: 'btn', id: 'accept-shown', title: 'Accept every finding the filters show' }, 'Accept shown');
  const rejectShown = h('button', { type: 'button', class: 'btn', id: 'reject-shown', title: 'Reject every finding the filters show' }, 'Reject shown');
  const exportBtn = h('button', { type: 'button', class: 'btn primary', id: 'export', title: 'Download the decisions as mtfix-decisions.jsonl (x)' }, 'Export decisions');

  function countBy(key) {
    const m = new Map();
    for (const f of findings) {
      const v = String(f[key]);
      m.set(v, (m.get(v) || 0) + 1);
    }
    return [...m.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  }
  function filterSelect(id, label, key) {
    const sel = h('select', { id });
    sel.append(h('option', { value: '' }, 'all (' + n + ')'));
    for (const [v, k] of countBy(key)) sel.append(h('option', { value: v }, v + ' (' + k + ')'));
    return [h('label', { for: id }, label, sel), sel];
  }
  const [ruleLabel, fRule] = filterSelect('filter-rule', 'Rule', 'rule');
  const [catLabel, fCat] = filterSelect('filter-category', 'Category', 'category');
  const [methodLabel, fMethod] = filterSelect('filter-method', 'Method', 'method');
  const [actionLabel, fAction] = filterSelect('filter-action', 'Action', 'action');
  const fState = h('select', { id: 'filter-state' },
    h('option', { value: '' }, 'all'),
    h('option', { value: 'undecided' }, 'undecided'),
    h('option', { value: 'accepted' }, 'accepted'),
    h('option', { value: 'rejected' }, 'rejected'));
  const fConf = h('input', { id: 'filter-confidence', type: 'range', min: '0', max: '1', step: '0.05', value: '0' });
  const confOut = h('output', { id: 'confidence-value', for: 'filter-confidence' }, '0.00');
  const keys = h('span', { class: 'keys', title: 'Keyboard shortcuts (not while typing in a field)' },
    h('kbd', null, 'j'), h('kbd', null, 'k'), ' next/prev',
    h('span', null, h('kbd', null, 'a'), ' accept'),
    h('span', null, h('kbd', null, 'r'), ' reject'),
    h('span', null, h('kbd', null, 'u'), ' undecide'),
    h('span', null, h('kbd', null, 'e'), ' edit'),
    h('span', null, h('kbd', null, 'Esc'), ' leave'),
    h('span', null, h('kbd', null, 'x'), ' export'));

  bar.append(
    h('div', { class: 'row' }, title(), counts, status,
      h('div', { class: 'actions' }, acceptShown, rejectShown, exportBtn)),
    h('div', { class: 'row filters' }, ruleLabel, catLabel, methodLabel, actionLabel,
      h('label', { for: 'filter-state' }, 'Decision', fState),
      h('label', { for: 'filter-confidence' }, 'Min. confidence', fConf, confOut),
      keys));

  // ---------- side panel ----------
  const shownCount = h('span', { class: 'shown-count' });
  const list = h('div', { class: 'list', role: 'list' });
  const noneMsg = h('p', { class: 'none', hidden: true }, n ? 'No finding matches the filters.' : 'No findings.');
  panel.append(h('div', { class: 'panel-head' }, h('h2', null, 'Findings'), shownCount), list, noneMsg);

  function changeLine(i) {
    const f = findings[i];
    const line = h('div', { class: 'change' }, h('del', null, visible(f.matched)), h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'));
    const r = current(i);
    if (r === null) line.append(h('span', { class: 'nothing' }, 'no replacement'));
    else if (r === '') line.append(h('span', { class: 'nothing' }, 'delete'));
    else line.append(h('ins', null, visible(r)));
    return line;
  }

  function buildItem(i) {
    const f = findings[i];
    return h('div', { class: 'item undecided', 'data-i': i, role: 'listitem' },
      h('div', { class: 'loc' },
        h('span', { class: 'pos', title: f.path + ':' + f.line + ':' + f.column },
          h('span', { class: 'path' }, String(f.path)), h('span', { class: 'lc' }, ':' + f.line + ':' + f.column)),
        h('span', { class: 'badge ' + (f.action === 'suggest' ? 'suggest' : 'fix') }, String(f.action)),
        h('span', { class: 'conf', title: 'confidence' }, Number(f.confidence).toFixed(2))),
      changeLine(i),
      h('div', { class: 'meta' }, h('span', { class: 'rule' }, String(f.rule)), ' · ', String(f.category), ' · ', String(f.method)),
      h('div', { class: 'msg' }, String(f.message || '')),
      f.source_term ? h('div', { class: 'src' }, 'source: ', h('span', { lang: 'zh' }, String(f.source_term))) : null,
      h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'accept', 'aria-pressed': 'false', title: 'Accept (a); again to undo' }, 'Accept'),
        h('button', { type: 'button', class: 'reject', 'aria-pressed': 'false', title: 'Reject (r); again to undo' }, 'Reject'),
        h('span', { class: 'flag' }, 'edited')),
      h('div', { class: 'edit-row' },
        h('label', { for: 'edit-' + i }, 'Replacement'),
        h('input', { type: 'text', class: 'edit', id: 'edit-' + i, spellcheck: 'false', autocomplete: 'off', value: current(i) === null ? '' : current(i) }),
        h('button', { type: 'button', class: 'reset', title: 'Back to the proposed replacement' }, 'Reset')));
  }

  const frag = document.createDocumentFragment();
  for (let i = 0; i < n; i++) {
    items[i] = buildItem(i);
    frag.append(items[i]);
  }
  list.append(frag);

  // ---------- rendering of one finding's state ----------
  function render(i) {
    const name = stateName(i);
    const edited = isEdited(i);
    const item = items[i];
    const mark = marks[i];
    for (const el of [item, mark]) {
      if (!el) continue;
      el.classList.remove('accepted', 'rejected', 'undecided');
      el.classList.add(name);
      el.classList.toggle('edited', edited);
    }
    item.querySelector('.accept').setAttribute('aria-pressed', String(state[i].decision === 'accept'));
    item.querySelector('.reject').setAttribute('aria-pressed', String(state[i].decision === 'reject'));
    item.querySelector('.change').replaceWith(changeLine(i));
    const input = item.querySelector('.edit');
    const text = current(i) === null ? '' : current(i);
    if (input.value !== text && document.activeElement !== input) input.value = text;
    item.querySelector('.reset').disabled = !edited;
    if (mark) {
      let ins = mark.querySelector('ins');
      const r = current(i);
      if (r !== null) {
        if (!ins) {
          ins = document.createElement('ins');
          mark.append(ins);
        }
        if (ins.textContent !== r) ins.textContent = r;
      } else if (ins) {
        ins.remove();
      }
    }
  }

  // ---------- filters and counts ----------
  function passes(i) {
    const f = findings[i];
    if (fRule.value && String(f.rule) !== fRule.value) return false;
    if (fCat.value && String(f.category) !== fCat.value) return false;
    if (fMethod.value && String(f.method) !== fMethod.value) return false;
    if (fAction.value && String(f.action) !== fAction.value) return false;
    if (fState.value && stateName(i) !== fState.value) return false;
    const min = Number(fConf.value) || 0;
    return Number(f.confidence) + 1e-9 >= min;
  }

  function applyFilters() {
    for (let i = 0; i < n; i++) {
      shown[i] = passes(i);
      items[i].classList.toggle('hidden', !shown[i]);
      if (marks[i]) marks[i].classList.toggle('hidden', !shown[i]);
    }
    updateCounts();
  }

  function updateCounts() {
    let acc = 0;
    let rej = 0;
    let vis = 0;
    for (let i = 0; i < n; i++) {
      if (state[i].decision === 'accept') acc++;
      else if (state[i].decision === 'reject') rej++;
      if (shown[i]) vis++;
    }
    const und = n - acc - rej;
    counts.textContent = '';
    counts.append(
      h('b', null, plural(n, 'finding')), ' · ',
      h('span', { class: 'n-accepted' }, acc + ' accepted'), ' · ',
      h('span', { class: 'n-rejected' }, rej + ' rejected'), ' · ',
      und + ' undecided', ' · ',
      h('b', null, vis + ' shown'));
    shownCount.textContent = vis === n ? plural(n, 'finding') : vis + ' of ' + n + ' shown';
    noneMsg.hidden = vis > 0;
    acceptShown.disabled = rejectShown.disabled = vis === 0;
  }

  // ---------- decisions ----------
  function setDecision(i, decision) {
    if (i < 0 || i >= n) return;
    state[i].decision = decision;
    render(i);
    applyFilters();
    save();
  }
  function toggle(i, decision) {
    setDecision(i, state[i].decision === decision ? null : decision);
  }
  function setText(i, text) {
    state[i].text = text;
    state[i].decision = 'accept';
    render(i);
    applyFilters();
    save();
  }

  // ---------- selection ----------
  function select(i, scrollDoc, scrollPanel) {
    if (selected >= 0 && selected < n) {
      items[selected].classList.remove('selected');
      if (marks[selected]) marks[selected].classList.remove('selected');
    }
    selected = i;
    if (i < 0 || i >= n) return;
    items[i].classList.add('selected');
    const mark = marks[i];
    if (mark) {
      mark.classList.add('selected');
      if (scrollDoc) mark.scrollIntoView({ block: 'center', inline: 'nearest' });
    }
    if (scrollPanel) items[i].scrollIntoView({ block: 'nearest' });
  }
  function move(step) {
    if (!shown.some(Boolean)) return;
    let i = selected;
    if (i < 0) i = step > 0 ? -1 : n;
    for (let k = 0; k < n; k++) {
      i += step;
      if (i < 0 || i >= n) return;           // stay at the ends
      if (shown[i]) break;
    }
    if (i >= 0 && i < n && shown[i]) select(i, true, true);
  }
  function ensureSelection() {
    if (selected < 0) move(1);
    return selected;
  }

  // ---------- export ----------
  function decisionLines() {
    const lines = [];
    for (let i = 0; i < n; i++) {
      const s = state[i];
      if (!s.decision) continue;
      const f = findings[i];
      const o = { path: f.path, rule: f.rule, matched: f.matched, before: f.before, after: f.after };
      if (Number(f.occurrence) > 0) o.occurrence = f.occurrence;
      o.decision = s.decision;
      if (s.decision === 'accept') {
        const edited = isEdited(i);
        const r = edited ? s.text : orig(i);
        if (r !== null && r !== undefined) o.replacement = r;
        if (edited) o.edited = true;
      }
      lines.push(JSON.stringify(o));
    }
    return lines;
  }
  let statusTimer = 0;
  function say(msg) {
    status.textContent = msg;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => { status.textContent = ''; }, 8000);
  }
  function exportDecisions() {
    const lines = decisionLines();
    if (!lines.length) {
      say('Nothing decided yet: nothing to export.');
      return;
    }
    const blob = new Blob([lines.join('\n') + '\n'], { type: 'application/x-ndjson' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: 'mtfix-decisions.jsonl', hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say('Exported ' + plural(lines.length, 'decision') + ' to mtfix-decisions.jsonl — run: mtfix apply mtfix-decisions.jsonl');
  }

  // ---------- events ----------
  for (const sel of [fRule, fCat, fMethod, fAction, fState]) sel.addEventListener('change', applyFilters);
  fConf.addEventListener('input', () => {
    confOut.textContent = Number(fConf.value).toFixed(2);
    applyFilters();
  });
  acceptShown.addEventListener('click', () => bulk('accept'));
  rejectShown.addEventListener('click', () => bulk('reject'));
  exportBtn.addEventListener('click', exportDecisions);

  function bulk(decision) {
    let k = 0;
    const targets = [];
    for (let i = 0; i < n; i++) if (shown[i]) targets.push(i);
    for (const i of targets) {
      state[i].decision = decision;
      render(i);
      k++;
    }
    applyFilters();
    save();
    say((decision === 'accept' ? 'Accepted ' : 'Rejected ') + plural(k, 'finding') + '.');
  }

  docs.addEventListener('click', (ev) => {
    const mark = ev.target instanceof Element ? ev.target.closest('.f') : null;
    if (!mark || !docs.contains(mark)) return;
    const i = Number(mark.getAttribute('data-i'));
    if (Number.isInteger(i) && i >= 0 && i < n) select(i, false, true);
  });

  list.addEventListener('click', (ev) => {
    const target = ev.target instanceof Element ? ev.target : null;
    const item = target ? target.closest('.item') : null;
    if (!item) return;
    const i = Number(item.getAttribute('data-i'));
    if (!Number.isInteger(i) || i < 0 || i >= n) return;
    if (target.closest('.accept')) {
      select(i, selected !== i, false);
      toggle(i, 'accept');
    } else if (target.closest('.reject')) {
      select(i, selected !== i, false);
      toggle(i, 'reject');
    } else if (target.closest('.reset')) {
      state[i].text = null;
      render(i);
      save();
    } else if (!target.closest('input, label')) {
      select(i, true, false);
    }
  });

  list.addEventListener('input', (ev) => {
    const input = ev.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains('edit')) return;
    const item = input.closest('.item');
    const i = Number(item && item.getAttribute('data-i'));
    if (Number.isInteger(i) && i >= 0 && i < n) setText(i, input.value);
  });

  list.addEventListener('focusin', (ev) => {
    const input = ev.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains('edit')) return;
    const i = Number(input.closest('.item').getAttribute('data-i'));
    if (selected !== i) select(i, true, false);
  });

  function leaveField(input) {
    input.blur();
    const mark = selected >= 0 ? marks[selected] : null;
    if (mark) mark.focus({ preventScroll: true });
  }

  document.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    const typing = t instanceof HTMLElement &&
      (t.isContentEditable || t.matches('input, textarea, select'));
    if (typing) {
      if (t.classList.contains('edit') && (ev.key === 'Escape' || ev.key === 'Enter')) {
        ev.preventDefault();
        leaveField(t);
      }
      return;
    }
    let handled = true;
    switch (ev.key) {
      case 'j':
      case 'ArrowDown':
        move(1);
        break;
      case 'k':
      case 'ArrowUp':
        move(-1);
        break;
      case 'a':
        if (ensureSelection() >= 0) setDecision(selected, 'accept');
        break;
      case 'r':
        if (ensureSelection() >= 0) setDecision(selected, 'reject');
        break;
      case 'u':
        if (selected >= 0) setDecision(selected, null);
        break;
      case 'e': {
        if (ensureSelection() >= 0) {
          const input = items[selected].querySelector('.edit');
          items[selected].scrollIntoView({ block: 'nearest' });
          input.focus();
          input.select();
        }
        break;
      }
      case 'x':
        exportDecisions();
        break;
      case 'Escape':
        break;
      default:
        handled = false;
    }
    if (handled) ev.preventDefault();
  });

  // ---------- start ----------
  const restored = restore();
  for (let i = 0; i < n; i++) render(i);
  applyFilters();
  if (restored) {
    const forget = h('button', { type: 'button', title: 'Forget the decisions saved in this browser' }, 'start over');
    const note = h('span', { id: 'restored' }, 'Restored ' + plural(restored, 'decision') + ' saved in this browser · ', forget);
    forget.addEventListener('click', () => {
      for (let i = 0; i < n; i++) {
        state[i].decision = null;
        state[i].text = null;
        render(i);
      }
      applyFilters();
      save();
      note.remove();
      say('Decisions cleared.');
    });
    status.before(note);
  }
})();
