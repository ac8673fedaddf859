// The Provisioner portal: one page over the public API (issue 10's contract). Plain DOM, no library,
// nothing fetched from anywhere but this page's own origin. Views: sign-in, the environments list, the
// create form and one environment's page with its live timeline. The token lives in sessionStorage only.
'use strict';

(() => {
  const TOKEN_KEY = 'provisioner.token';
  const ADMIN_GROUP = 'provisioner-admins';
  // The API's closed status set (openapi.json's Environment.status); the filter offers exactly these.
  const STATUSES = ['SCHEDULED', 'CREATING', 'READY', 'SLEEPING', 'WAKING', 'FAILED', 'ROLLBACK_FAILED', 'DELETING', 'DELETED', 'DELETE_FAILED'];
  const IN_PROGRESS = new Set(['CREATING', 'DELETING', 'SLEEPING', 'WAKING']);
  const EVENTS_POLL_MS = 1000;
  const LIST_POLL_MS = 2000;

  const main = document.getElementById('main');
  const live = document.getElementById('live');
  let me = null;
  // The service's clock (simulated on `up`) minus this browser's, from each response's Date header.
  let clockOffsetMs = 0;
  let viewTimers = [];
  let viewGeneration = 0;

  // ---------- small DOM helpers (text only through textContent: nothing the API says is parsed as HTML)

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function announce(text) {
    live.textContent = '';
    live.textContent = text;
  }

  function serverNow() {
    return Date.now() + clockOffsetMs;
  }

  // ---------- the API

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const t = token();
    if (t) headers.Authorization = `Bearer ${t}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
      });
    } catch {
      return { ok: false, status: 0, problem: { title: 'The Provisioner API could not be reached', detail: 'Check that the service (or `provisioner up`) is running, then try again.' } };
    }
    const date = response.headers.get('Date');
    if (date && !Number.isNaN(Date.parse(date))) clockOffsetMs = Date.parse(date) - Date.now();
    let data = null;
    const text = await response.text();
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (response.ok) return { ok: true, status: response.status, data, headers: response.headers };
    const problem = data && typeof data === 'object' ? data : {};
    if (response.status === 401 && path !== '/local/users') {
      sessionStorage.removeItem(TOKEN_KEY);
      me = null;
      showSignIn('The token was not accepted (it is not valid, or it has expired): sign in again.');
    }
    return { ok: false, status: response.status, problem: normalizeProblem(response.status, problem) };
  }

  function normalizeProblem(status, p) {
    const fallback = {
      400: 'The request was not accepted', 401: 'Sign-in required', 403: 'Not allowed', 404: 'Not found',
      409: 'Conflict', 413: 'The request is too large', 415: 'The request is not JSON',
    };
    return {
      type: typeof p.type === 'string' ? p.type : '',
      title: typeof p.title === 'string' ? p.title : (fallback[status] || `The service answered ${status}`),
      detail: typeof p.detail === 'string' ? p.detail : '',
      status,
      errors: Array.isArray(p.errors) ? p.errors.filter(e => e && typeof e === 'object') : [],
      raw: p,
    };
  }

  function problemBox(problem, extra) {
    const box = el('div', { class: 'problem', role: 'alert' },
      el('p', { class: 'problem-title', text: problem.title }),
      problem.detail ? el('p', { text: problem.detail }) : null,
      extra || null);
    return box;
  }

  function describeValue(value) {
    if (value === undefined || value === null) return '';
    const s = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  }

  function fieldErrorText(error) {
    const rule = typeof error.rule === 'string' ? error.rule : 'is not valid';
    const value = describeValue(error.value);
    return value ? `${rule} (got ${value})` : rule;
  }

  // ---------- formatting

  function formatTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  }

  function formatDuration(ms) {
    const negative = ms < 0;
    let s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    const text = d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
    return negative ? `-${text}` : text;
  }

  function expiresIn(env) {
    if (!env.expiresAt) return '';
    const left = Date.parse(env.expiresAt) - serverNow();
    return left <= 0 ? 'expired' : formatDuration(left);
  }

  function startsIn(env) {
    if (!env.startAt) return '';
    const left = Date.parse(env.startAt) - serverNow();
    return left <= 0 ? 'starting' : formatDuration(left);
  }

  function badge(status) {
    const s = String(status || 'UNKNOWN');
    return el('span', { class: `badge badge-${s.toLowerCase().replace(/_/g, '-')}${IN_PROGRESS.has(s) ? ' in-progress' : ''}` },
      s);
  }

  function isAdmin() {
    return !!(me && Array.isArray(me.groups) && me.groups.includes(ADMIN_GROUP));
  }

  // ---------- routing

  function clearView() {
    viewGeneration++;
    for (const t of viewTimers) clearInterval(t);
    viewTimers = [];
    main.replaceChildren();
  }

  function every(ms, fn) {
    viewTimers.push(setInterval(fn, ms));
  }

  async function route() {
    if (!token()) {
      await showSignIn();
      return;
    }
    if (!me) {
      const r = await api('GET', '/me');
      if (!r.ok) {
        if (r.status !== 401) {
          clearView();
          main.append(problemBox(r.problem));
        }
        return;
      }
      me = r.data;
      document.getElementById('who-name').textContent = `Signed in as ${me.owner}${isAdmin() ? ' (admin)' : ''}`;
      document.getElementById('who').hidden = false;
      document.getElementById('nav').hidden = false;
    }
    const hash = location.hash || '#/environments';
    const envMatch = /^#\/environments\/(.+)$/.exec(hash);
    if (hash === '#/new') showCreate();
    else if (envMatch) showEnvironment(decodeURIComponent(envMatch[1]));
    else showList();
  }

  // ---------- sign-in

  async function showSignIn(message) {
    clearView();
    document.getElementById('who').hidden = true;
    document.getElementById('nav').hidden = true;
    const gen = viewGeneration;
    const section = el('section', { class: 'card narrow', 'aria-labelledby': 'signin-title' },
      el('h1', { id: 'signin-title', text: 'Sign in' }));
    if (message) section.append(el('p', { class: 'problem', role: 'alert', text: message }));
    main.append(section);

    const local = await api('GET', '/local/users');
    if (gen !== viewGeneration) return;
    if (local.ok && local.data && local.data.users && typeof local.data.users === 'object') {
      const users = Object.entries(local.data.users).filter(([, t]) => typeof t === 'string');
      if (users.length > 0) {
        const select = el('select', { id: 'local-user', name: 'local-user' },
          users.map(([name]) => el('option', { value: name, text: name })));
        const form = el('form', {
          class: 'stack',
          onsubmit: e => {
            e.preventDefault();
            const chosen = users.find(([name]) => name === select.value);
            if (chosen) signIn(chosen[1]);
          },
        },
        el('h2', { text: 'Local user' }),
        el('p', { class: 'hint', text: 'This service was started by `provisioner up`; pick one of its users.' }),
        el('label', { for: 'local-user', text: 'Local user' }), select,
        el('button', { type: 'submit', class: 'primary', text: 'Sign in as this user' }));
        section.append(form);
      }
    }
    const input = el('textarea', { id: 'token', name: 'token', rows: 3, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'token-hint' });
    section.append(el('form', {
      class: 'stack',
      onsubmit: e => {
        e.preventDefault();
        const value = input.value.trim().replace(/^Bearer\s+/i, '');
        if (value) signIn(value);
        else input.focus();
      },
    },
    el('h2', { text: 'Bearer token' }),
    el('label', { for: 'token', text: 'Token' }), input,
    el('p', { id: 'token-hint', class: 'hint', text: 'A token from the deployment\'s OIDC issuer. It is kept for this tab only.' }),
    el('button', { type: 'submit', text: 'Sign in with token' })));
  }

  function signIn(t) {
    sessionStorage.setItem(TOKEN_KEY, t);
    me = null;
    if (location.hash === '#/environments' || !location.hash) route();
    else location.hash = '#/environments';
  }

  // ---------- environments list

  function showList() {
    clearView();
    const gen = viewGeneration;
    const admin = isAdmin();
    const statusSelect = el('select', { id: 'status-filter' },
      el('option', { value: '', text: 'All but deleted' }),
      STATUSES.map(s => el('option', { value: s, text: s })));
    const ownerInput = admin ? el('input', { id: 'owner-filter', type: 'text', autocomplete: 'off' }) : null;
    const tbody = el('tbody');
    const message = el('div', { class: 'list-message' });
    const table = el('table', { class: 'envs' },
      el('caption', { class: 'visually-hidden', text: 'Environments' }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Environment' }),
        el('th', { scope: 'col', text: 'Status' }),
        admin ? el('th', { scope: 'col', text: 'Owner' }) : null,
        el('th', { scope: 'col', text: 'Created' }),
        el('th', { scope: 'col', text: 'Expires in' }),
        el('th', { scope: 'col', text: 'URL' }))),
      tbody);
    main.append(el('section', { 'aria-labelledby': 'list-title' },
      el('div', { class: 'row-between' },
        el('h1', { id: 'list-title', text: 'Environments' }),
        el('a', { class: 'button primary', href: '#/new', text: 'New environment' })),
      el('div', { class: 'filters' },
        el('label', { for: 'status-filter', text: 'Status filter' }), statusSelect,
        admin ? el('label', { for: 'owner-filter', text: 'Owner filter' }) : null, ownerInput),
      message,
      el('div', { class: 'table-wrap' }, table)));

    let items = [];
    let shown = null;
    const render = () => {
      tbody.replaceChildren(...items.map(env => el('tr', {},
        el('th', { scope: 'row', class: 'id' }, el('a', { href: `#/environments/${encodeURIComponent(env.environmentId)}`, text: env.environmentId })),
        el('td', {}, badge(env.status)),
        admin ? el('td', { class: 'id', text: env.owner || env.createdBy || '' }) : null,
        el('td', { text: formatTime(env.createdAt) }),
        el('td', { class: 'expires', text: expiresIn(env) }),
        el('td', { class: 'id' }, env.status === 'READY' && env.url ? el('a', { href: env.url, text: env.url }) : ''))));
      if (items.length === 0) tbody.append(el('tr', {}, el('td', { colspan: admin ? 6 : 5, class: 'empty', text: 'No environments.' })));
    };
    const load = async () => {
      const params = new URLSearchParams();
      if (statusSelect.value) params.set('status', statusSelect.value);
      if (ownerInput && ownerInput.value.trim()) params.set('owner', ownerInput.value.trim());
      const all = [];
      let next = null;
      do {
        if (next) params.set('nextToken', next);
        const q = params.toString();
        const r = await api('GET', `/environments${q ? `?${q}` : ''}`);
        if (gen !== viewGeneration) return;
        if (!r.ok) {
          message.replaceChildren(problemBox(r.problem));
          return;
        }
        all.push(...(Array.isArray(r.data.items) ? r.data.items : []));
        next = r.data.nextToken || null;
      } while (next && all.length < 1000);
      message.replaceChildren();
      // Re-rendered only on a change, so focus on a row's link survives the polling.
      const signature = JSON.stringify(all);
      if (signature === shown) return;
      shown = signature;
      items = all;
      render();
    };
    statusSelect.addEventListener('change', load);
    if (ownerInput) ownerInput.addEventListener('change', load);
    load();
    every(LIST_POLL_MS, load);
    every(1000, () => {
      for (const [i, row] of [...tbody.rows].entries()) {
        const cell = row.querySelector('.expires');
        if (cell && items[i]) cell.textContent = expiresIn(items[i]);
      }
    });
  }

  // ---------- create

  // The form edits these paths of the spec; the advanced view edits the whole document.
  const FIELDS = [
    { id: 'f-environmentId', label: 'Environment id', pointer: '/environmentId', hint: '3-20 lower-case letters, digits, hyphens' },
    { id: 'f-source', label: 'Source instance or AMI', pointer: '/source', hint: 'an instance id (i-...) or Name tag to bake an image, or ami-...' },
    { id: 'f-vpcId', label: 'VPC', pointer: '/network/vpcId', hint: 'optional: the deployment default' },
    { id: 'f-subnetIds', label: 'Subnets', pointer: '/network/subnetIds', hint: 'comma-separated; optional: the deployment default' },
    { id: 'f-port', label: 'App port', pointer: '/app/port', type: 'number' },
    { id: 'f-healthPath', label: 'Health check path', pointer: '/app/healthCheck/path' },
    { id: 'f-min', label: 'Minimum instances', pointer: '/scaling/min', type: 'number' },
    { id: 'f-max', label: 'Maximum instances', pointer: '/scaling/max', type: 'number' },
    { id: 'f-desired', label: 'Desired instances', pointer: '/scaling/desired', type: 'number' },
    { id: 'f-cpu', label: 'CPU target (%)', pointer: '/scaling/targetCpuPercent', type: 'number' },
    { id: 'f-emails', label: 'Alarm e-mails', pointer: '/alarms/notifyEmails', hint: 'comma-separated' },
    { id: 'f-ttl', label: 'TTL (hours)', pointer: '/ttlHours', type: 'number', hint: 'empty: no expiry' },
    // Not part of the spec: the request's ?startAt= (a request for later); its errors name /startAt.
    { id: 'f-startAt', label: 'Start at', pointer: '/startAt', query: 'startAt', hint: 'optional: an RFC 3339 time such as 2026-12-03T18:00:00Z; empty: now' },
  ];

  function defaultSpec() {
    return {
      environmentId: '',
      source: { instanceId: '' },
      app: { port: 80, healthCheck: { path: '/' } },
      loadBalancer: { scheme: 'internet-facing', https: { selfSigned: true }, redirectHttpToHttps: true },
      launch: { instanceType: 't3.micro' },
      scaling: { min: 1, max: 2, desired: 1, targetCpuPercent: 50 },
      alarms: { cpuHighPercent: 80, notifyEmails: [] },
      logs: { retentionDays: 14 },
      ttlHours: 24,
    };
  }

  function splitList(text) {
    return text.split(/[\s,]+/).map(s => s.trim()).filter(Boolean);
  }

  function numberOrText(text) {
    const t = text.trim();
    if (t === '') return undefined;
    return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  }

  function setPath(obj, path, value) {
    let node = obj;
    for (const key of path.slice(0, -1)) {
      if (!node[key] || typeof node[key] !== 'object' || Array.isArray(node[key])) node[key] = {};
      node = node[key];
    }
    const last = path[path.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }

  function getPath(obj, path) {
    let node = obj;
    for (const key of path) {
      if (!node || typeof node !== 'object') return undefined;
      node = node[key];
    }
    return node;
  }

  function formToSpec(spec, inputs) {
    for (const f of FIELDS) {
      if (f.query) continue;
      const raw = inputs[f.id].value;
      if (f.pointer === '/source') {
        const v = raw.trim();
        const keep = spec.source && typeof spec.source === 'object' ? { ...spec.source } : {};
        delete keep.instanceId; delete keep.instanceName; delete keep.amiId;
        // ami-... is an image to use; i- and hex digits an instance id; anything else an instance's Name tag.
        spec.source = v.startsWith('ami-') ? { amiId: v, ...keep }
          : /^i-[0-9a-f]+$/.test(v) ? { instanceId: v, ...keep }
          : { instanceName: v, ...keep };
        continue;
      }
      const path = f.pointer.slice(1).split('/');
      let value;
      if (f.pointer === '/network/subnetIds' || f.pointer === '/alarms/notifyEmails') {
        const list = splitList(raw);
        value = list.length || f.pointer === '/alarms/notifyEmails' ? list : undefined;
      } else if (f.type === 'number') value = numberOrText(raw);
      else value = raw.trim() === '' && f.pointer === '/network/vpcId' ? undefined : raw.trim();
      setPath(spec, path, value);
    }
    if (spec.network && Object.keys(spec.network).length === 0) delete spec.network;
    return spec;
  }

  function specToForm(spec, inputs) {
    for (const f of FIELDS) {
      if (f.query) continue;
      let value;
      if (f.pointer === '/source') value = spec.source ? (spec.source.amiId || spec.source.instanceId || spec.source.instanceName || '') : '';
      else value = getPath(spec, f.pointer.slice(1).split('/'));
      if (Array.isArray(value)) value = value.join(', ');
      inputs[f.id].value = value === undefined || value === null ? '' : String(value);
    }
  }

  function fieldForPointer(pointer) {
    if (typeof pointer !== 'string') return null;
    let best = null;
    for (const f of FIELDS) {
      if ((pointer === f.pointer || pointer.startsWith(`${f.pointer}/`)) && (!best || f.pointer.length > best.pointer.length)) best = f;
    }
    return best;
  }

  function showCreate() {
    clearView();
    const gen = viewGeneration;
    let spec = defaultSpec();
    const inputs = {};
    const errorSlots = {};
    const general = el('div', { class: 'general-errors', id: 'general-errors' });
    const grid = el('div', { class: 'form-grid' });
    for (const f of FIELDS) {
      const hintId = `${f.id}-hint`;
      const errorId = `${f.id}-error`;
      inputs[f.id] = el('input', {
        id: f.id, name: f.id, type: 'text', inputmode: f.type === 'number' ? 'numeric' : null,
        autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${f.hint ? hintId : ''} ${errorId}`.trim(),
      });
      errorSlots[f.id] = el('p', { class: 'field-error', id: errorId });
      grid.append(el('div', { class: 'field', 'data-pointer': f.pointer },
        el('label', { for: f.id, text: f.label }),
        inputs[f.id],
        f.hint ? el('p', { class: 'hint', id: hintId, text: f.hint }) : null,
        errorSlots[f.id]));
    }
    const json = el('textarea', { id: 'spec-json', rows: 24, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'spec-json-error' });
    const jsonError = el('p', { class: 'field-error', id: 'spec-json-error' });
    const advanced = el('details', { class: 'advanced' },
      el('summary', { text: 'Advanced: the whole spec as JSON' }),
      el('label', { for: 'spec-json', text: 'Spec JSON' }), json, jsonError);
    const submit = el('button', { type: 'submit', class: 'primary', text: 'Create environment' });

    const syncJson = () => { json.value = JSON.stringify(spec, null, 2); };
    specToForm(spec, inputs);
    syncJson();
    for (const f of FIELDS) {
      inputs[f.id].addEventListener('input', () => { spec = formToSpec(spec, inputs); syncJson(); });
    }
    json.addEventListener('input', () => {
      try {
        const parsed = JSON.parse(json.value);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        spec = parsed;
        specToForm(spec, inputs);
        jsonError.textContent = '';
      } catch {
        jsonError.textContent = 'This is not a JSON object yet; the form keeps the last valid version.';
      }
    });

    const clearErrors = () => {
      general.replaceChildren();
      for (const f of FIELDS) {
        errorSlots[f.id].replaceChildren();
        inputs[f.id].removeAttribute('aria-invalid');
      }
    };

    const form = el('form', {
      class: 'create', novalidate: true,
      onsubmit: async e => {
        e.preventDefault();
        clearErrors();
        submit.disabled = true;
        const startAt = inputs['f-startAt'].value.trim();
        const r = await api('POST', startAt ? `/environments?startAt=${encodeURIComponent(startAt)}` : '/environments', json.value);
        submit.disabled = false;
        if (gen !== viewGeneration) return;
        if (r.ok) {
          const id = (r.data && r.data.environmentId) || spec.environmentId;
          announce(`Environment ${id} accepted`);
          location.hash = `#/environments/${encodeURIComponent(id)}`;
          return;
        }
        await showCreateProblem(r.problem);
      },
    },
    general, grid, advanced, el('div', { class: 'actions' }, submit));

    const showCreateProblem = async problem => {
      const unplaced = [];
      let first = null;
      for (const error of problem.errors) {
        const f = fieldForPointer(error.pointer);
        if (f) {
          errorSlots[f.id].append(el('span', { class: 'message', text: fieldErrorText(error) }));
          inputs[f.id].setAttribute('aria-invalid', 'true');
          first = first || inputs[f.id];
        } else unplaced.push(error);
      }
      let extra = null;
      if (/quota-exceeded$/.test(problem.type)) extra = await quotaDetails(problem);
      const list = unplaced.length
        ? el('ul', {}, unplaced.map(e => el('li', {}, el('code', { text: e.pointer || '(document)' }), ' ', fieldErrorText(e))))
        : null;
      if (unplaced.length || !first || extra) {
        general.append(problemBox(problem, el('div', {}, extra, list)));
      }
      announce(problem.errors.length ? `${problem.errors.length} problems in the form` : problem.title);
      if (first) first.focus();
    };

    main.append(el('section', { 'aria-labelledby': 'create-title' },
      el('h1', { id: 'create-title', text: 'New environment' }), form));
  }

  async function quotaDetails(problem) {
    const r = await api('GET', '/me');
    if (!r.ok || !r.data || !Array.isArray(r.data.quotas)) return null;
    me = r.data;
    const named = [problem.raw.quota, problem.raw.name].filter(x => typeof x === 'string');
    const text = `${problem.title} ${problem.detail}`.toLowerCase();
    let quotas = r.data.quotas.filter(q => named.includes(q.name) || text.includes(String(q.name).toLowerCase()));
    if (quotas.length === 0) quotas = r.data.quotas;
    return el('ul', { class: 'quotas' }, quotas.map(q => {
      const left = Math.max(0, Number(q.limit) - Number(q.used));
      return el('li', { text: `Quota ${q.name}: ${q.used} of ${q.limit} used, ${left} left` });
    }));
  }

  // ---------- one environment

  function showEnvironment(id) {
    clearView();
    const gen = viewGeneration;
    const path = `/environments/${encodeURIComponent(id)}`;
    const header = el('div', { class: 'env-header' });
    const actions = el('div', { class: 'env-actions', role: 'group', 'aria-label': 'Actions' });
    const actionMessage = el('div', {});
    const timeline = el('div', { class: 'timeline', role: 'region', 'aria-label': 'Timeline' });
    const resources = el('div', { class: 'resources' });
    const eventsList = el('ol', { class: 'events' });
    const events = [];
    let cursor = null;
    let env = null;
    let notFound = false;
    let shownEnv = null;
    let shownActions = null;

    main.append(el('section', { 'aria-labelledby': 'env-title' },
      el('p', {}, el('a', { href: '#/environments', text: 'All environments' })),
      header, actionMessage, actions,
      el('h2', { text: 'Timeline' }), timeline,
      el('h2', { text: 'Resources' }), resources,
      el('details', { class: 'events-box', open: true },
        el('summary', { text: 'Events' }), eventsList)));

    const renderHeader = () => {
      header.replaceChildren(
        el('h1', { id: 'env-title', class: 'id', text: id }),
        el('dl', { class: 'facts' },
          el('dt', { text: 'Status' }), el('dd', {}, badge(env.status), env.statusReason ? el('span', { class: 'reason', text: ` ${env.statusReason}` }) : null),
          env.owner ? [el('dt', { text: 'Owner' }), el('dd', { class: 'id', text: env.owner })] : null,
          el('dt', { text: 'Created' }), el('dd', { text: formatTime(env.createdAt) }),
          env.startAt && env.status === 'SCHEDULED' ? [el('dt', { text: 'Starts in' }), el('dd', { class: 'starts', text: startsIn(env) })] : null,
          env.expiresAt ? [el('dt', { text: 'Expires in' }), el('dd', { class: 'expires', text: expiresIn(env) })] : null,
          env.currentStep && IN_PROGRESS.has(env.status) ? [el('dt', { text: 'Current step' }), el('dd', { text: env.currentStep })] : null,
          env.status === 'READY' && env.url ? [el('dt', { text: 'URL' }), el('dd', { class: 'id' }, el('a', { href: env.url, text: env.url }))] : null,
          env.error ? [el('dt', { text: 'Error' }), el('dd', { class: 'id', text: `${env.error.error || ''}: ${env.error.cause || ''}` })] : null));
    };

    const act = async (label, method, suffix, body) => {
      actionMessage.replaceChildren();
      const r = await api(method, `${path}${suffix}`, body);
      if (gen !== viewGeneration) return;
      if (r.ok) {
        announce(`${label}: accepted`);
        actionMessage.replaceChildren(el('p', { class: 'ok', role: 'status', text: `${label}: accepted.` }));
        await loadEnv();
      } else actionMessage.replaceChildren(problemBox(r.problem));
    };

    const renderActions = () => {
      const s = env.status;
      const buttons = [];
      if (!['DELETING', 'DELETED'].includes(s)) {
        buttons.push(el('button', {
          type: 'button', class: 'danger', text: 'Delete',
          onclick: () => confirmDelete(),
        }));
      }
      if (['FAILED', 'ROLLBACK_FAILED', 'DELETE_FAILED'].includes(s)) {
        buttons.push(el('button', { type: 'button', text: 'Retry', onclick: () => act('Retry', 'POST', '/retry') }));
      }
      if (env.expiresAt && !['DELETING', 'DELETED', 'FAILED'].includes(s)) {
        const hours = el('input', { id: 'extend-hours', type: 'number', min: 1, value: 24, class: 'short' });
        buttons.push(el('span', { class: 'inline' },
          el('label', { for: 'extend-hours', text: 'Extend by hours' }), hours,
          el('button', { type: 'button', text: 'Extend', onclick: () => act('Extend', 'POST', '/extend', { hours: Number(hours.value) }) })));
      }
      // Office hours by hand (POST /sleep and /wake): a READY environment can be put to sleep, a sleeping one woken.
      if (s === 'READY') buttons.push(el('button', { type: 'button', text: 'Sleep', onclick: () => act('Sleep', 'POST', '/sleep') }));
      if (s === 'SLEEPING') buttons.push(el('button', { type: 'button', text: 'Wake', onclick: () => act('Wake', 'POST', '/wake') }));
      actions.replaceChildren(...buttons);
    };

    const confirmDelete = () => {
      const dialog = el('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' });
      const close = () => { dialog.close(); dialog.remove(); };
      dialog.append(
        el('h2', { id: 'confirm-title', text: `Delete ${id}?` }),
        el('p', { text: 'Everything the environment created is torn down: the load balancer, the Auto Scaling group and its instances, the image, alarms and log export.' }),
        el('div', { class: 'actions' },
          el('button', { type: 'button', text: 'Cancel', onclick: close }),
          el('button', { type: 'button', class: 'danger', text: 'Delete environment', onclick: async () => { close(); await act('Delete', 'DELETE', ''); } })));
      document.body.append(dialog);
      dialog.showModal();
    };

    const renderResources = () => {
      const r = env.resources;
      if (!r || typeof r !== 'object' || Object.keys(r).length === 0) {
        resources.replaceChildren(el('p', { class: 'hint', text: 'Nothing yet.' }));
        return;
      }
      const rows = [];
      const walk = (prefix, value) => {
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix} ${k}` : k, v);
        } else if (value !== null && value !== undefined) {
          const text = Array.isArray(value) ? value.join(', ') : String(value);
          rows.push(el('tr', {}, el('th', { scope: 'row', text: prefix }), el('td', { class: 'id' }, resourceLink(text))));
        }
      };
      walk('', r);
      resources.replaceChildren(el('div', { class: 'table-wrap' }, el('table', { class: 'kv' },
        el('caption', { class: 'visually-hidden', text: 'Resources' }), el('tbody', {}, rows))));
    };

    const renderEvents = () => {
      eventsList.replaceChildren(...events.map(e => el('li', { class: `ev ev-${e.phase}` },
        el('time', { datetime: e.at, text: formatTime(e.at) }), ' ',
        el('strong', { text: e.step }), ` ${e.phase}`, e.branch ? el('span', { class: 'hint', text: ` [${e.branch}]` }) : null,
        e.message ? el('span', { class: 'msg', text: ` - ${e.message}` }) : null)));
      renderTimeline(timeline, events, env);
    };

    const loadEnv = async () => {
      const r = await api('GET', path);
      if (gen !== viewGeneration) return;
      if (!r.ok) {
        if (r.status === 404) {
          notFound = true;
          header.replaceChildren(el('h1', { id: 'env-title', class: 'id', text: id }));
          actions.replaceChildren();
          actionMessage.replaceChildren(problemBox({ title: 'No such environment', detail: 'It does not exist, or it is not yours.' }));
        } else actionMessage.replaceChildren(problemBox(r.problem));
        return;
      }
      // Polling re-renders only what changed: a half-typed "Extend by hours" or a focused button survives.
      const signature = JSON.stringify(r.data);
      if (signature === shownEnv) return;
      shownEnv = signature;
      env = r.data;
      renderHeader();
      const actionsKey = `${env.status}|${!!env.expiresAt}`;
      if (actionsKey !== shownActions) {
        shownActions = actionsKey;
        renderActions();
      }
      renderResources();
      renderTimeline(timeline, events, env);
    };

    let loadingEvents = false;
    const loadEvents = async () => {
      if (loadingEvents || notFound) return;
      loadingEvents = true;
      try {
        let more = true;
        let pages = 0;
        while (more && pages++ < 50) {
          const q = cursor ? `?after=${encodeURIComponent(cursor)}` : '';
          const r = await api('GET', `${path}/events${q}`);
          if (gen !== viewGeneration || !r.ok) return;
          const batch = Array.isArray(r.data.events) ? r.data.events : [];
          const known = new Set(events.map(e => e.id));
          for (const e of batch) if (!known.has(e.id)) events.push(e);
          more = batch.length > 0 && r.data.next && r.data.next !== cursor;
          if (r.data.next) cursor = r.data.next;
          if (batch.length > 0) renderEvents();
        }
      } finally {
        loadingEvents = false;
      }
    };

    loadEnv().then(loadEvents);
    every(EVENTS_POLL_MS, loadEvents);
    every(2000, loadEnv);
    every(1000, () => {
      const cell = header.querySelector('.expires');
      if (cell && env) cell.textContent = expiresIn(env);
      if (env && IN_PROGRESS.has(env.status)) renderTimeline(timeline, events, env);
    });
  }

  function resourceLink(text) {
    const arn = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):/.exec(text);
    if (arn && location.hostname !== '127.0.0.1' && location.hostname !== 'localhost') {
      return el('a', { href: `https://console.aws.amazon.com/go/view?arn=${encodeURIComponent(text)}`, rel: 'noreferrer', text });
    }
    if (/^https?:\/\//.test(text)) return el('a', { href: text, rel: 'noreferrer', text });
    return text;
  }

  // ---------- the timeline: one row per step, one lane per branch, on a shared time axis
  // A readiness check that polls (check, wait, check again) stays on one row: each check is a segment
  // and the time between is drawn as a wait. A step run again later without a wait between (a retry
  // after a failure, a new generation) gets a row of its own.

  function buildBars(events) {
    const bars = [];
    const open = new Map();
    const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const e of sorted) {
      const t = Date.parse(e.at);
      if (Number.isNaN(t) || typeof e.step !== 'string') continue;
      const key = `${e.branch || ''}\u0000${e.step}`;
      let bar = open.get(key);
      // A step that ended starts a new row, unless it ended into a wait (a poll): then the row runs on.
      if (!bar || (e.phase === 'started' && bar.end !== null)) {
        bar = { step: e.step, branch: e.branch || null, start: t, end: null, outcome: 'running', waits: [], checks: 0, undo: /\.Undo$/.test(e.step), message: '' };
        bars.push(bar);
        open.set(key, bar);
      }
      const wait = bar.waits[bar.waits.length - 1];
      if (wait && wait.to === null && e.phase !== 'waiting') wait.to = t;
      if (e.message) bar.message = e.message;
      if (e.phase === 'waiting') {
        if (!wait || wait.to !== null) bar.waits.push({ from: t, to: null });
        bar.end = null;
        bar.outcome = 'waiting';
      } else if (e.phase === 'succeeded' || e.phase === 'failed') {
        bar.end = t;
        bar.outcome = e.phase;
      } else if (e.phase === 'started') {
        bar.checks += 1;
        bar.outcome = 'running';
      }
    }
    return bars;
  }

  function renderTimeline(container, events, env) {
    const bars = buildBars(events);
    if (bars.length === 0) {
      container.replaceChildren(el('p', { class: 'hint', text: 'No steps have run yet.' }));
      return;
    }
    const finished = env && !IN_PROGRESS.has(env.status);
    const lastEvent = Math.max(...events.map(e => Date.parse(e.at)).filter(t => !Number.isNaN(t)));
    const now = finished ? lastEvent : Math.max(lastEvent, serverNow());
    const t0 = Math.min(...bars.map(b => b.start));
    const t1 = Math.max(now, ...bars.map(b => b.end || now));
    const span = Math.max(1000, t1 - t0);
    const pct = t => `${(((t - t0) / span) * 100).toFixed(3)}%`;
    const width = (a, b) => `${Math.max(0.4, ((b - a) / span) * 100).toFixed(3)}%`;

    const lanes = new Map();
    for (const b of bars) {
      const lane = b.branch || '';
      if (!lanes.has(lane)) lanes.set(lane, []);
      lanes.get(lane).push(b);
    }
    const axis = el('div', { class: 'axis', 'aria-hidden': 'true' },
      [0, 0.25, 0.5, 0.75, 1].map(f => el('span', { style: `left:${f * 100}%`, text: `+${formatDuration(f * span)}` })));
    const laneNodes = [];
    for (const [lane, laneBars] of lanes) {
      const name = lane ? `Branch ${lane}` : 'Main';
      laneNodes.push(el('section', { class: 'lane', 'aria-label': name },
        el('h3', { class: 'lane-title', text: name }),
        el('ol', { class: 'bars' }, laneBars.map(b => {
          const end = b.end === null ? now : b.end;
          const state = b.end === null && finished ? 'stopped' : b.outcome;
          const waited = b.waits.reduce((sum, w) => sum + ((w.to === null ? end : w.to) - w.from), 0);
          const polls = b.checks > 1 ? `, ${b.checks} checks, waited ${formatDuration(waited)}` : '';
          const desc = `${b.step}: ${state}, +${formatDuration(b.start - t0)} to +${formatDuration(end - t0)} (${formatDuration(end - b.start)}${polls})${b.message ? `. ${b.message}` : ''}`;
          return el('li', { class: 'bar-row', title: desc },
            el('span', { class: 'bar-label', text: b.step }),
            el('span', { class: 'track' },
              el('span', {
                class: `bar bar-${state}${b.undo ? ' undo' : ''}${b.end === null && !finished ? ' current' : ''}`,
                style: `left:${pct(b.start)};width:${width(b.start, end)}`,
              },
              b.waits.map(w => el('span', {
                class: 'wait',
                style: `left:${(((w.from - b.start) / Math.max(1, end - b.start)) * 100).toFixed(3)}%;width:${((((w.to === null ? end : w.to) - w.from) / Math.max(1, end - b.start)) * 100).toFixed(3)}%`,
              }))),
              el('span', { class: 'visually-hidden', text: desc })));
        }))));
    }
    const legend = el('ul', { class: 'legend', 'aria-label': 'Legend' },
      el('li', {}, el('span', { class: 'swatch bar-succeeded' }), 'succeeded'),
      el('li', {}, el('span', { class: 'swatch bar-running current' }), 'running'),
      el('li', {}, el('span', { class: 'swatch wait-swatch' }), 'waiting'),
      el('li', {}, el('span', { class: 'swatch bar-failed' }), 'failed'),
      el('li', {}, el('span', { class: 'swatch bar-succeeded undo' }), 'undo (rollback or teardown)'));
    container.replaceChildren(legend, axis, el('div', { class: 'lanes' }, laneNodes));
  }

  // ---------- start

  document.getElementById('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
    showSignIn();
  });
  window.addEventListener('hashchange', route);
  route();
})();
