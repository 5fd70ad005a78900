// netlab console: the listeners table (polled every second), create/start/stop/delete, a probe
// form, and the live event feed from /ws/events. Plain browser JavaScript, no build step.
// charts.js, runs.js and monitors.js add the charts, the load runs and the monitors; they share
// this file's helpers (api, el, showError ...) and hear each live event as a 'netlab:event'.
'use strict';

const POLL_MS = 1000;
const FEED_MAX = 1000;
const RECONNECT_MS = 2000;
const TOKEN_KEY = 'netlab.token';
const EVENT_TYPES = [
	'ListenerCreated', 'ListenerChanged', 'ListenerDeleted', 'ListenerStarted', 'ListenerStopped', 'ListenerFailed',
	'ConnectionOpened', 'ConnectionClosed', 'ConnectionRejected', 'MessageReceived', 'DatagramReceived',
	'ProbeCompleted', 'LoadRunProgressed', 'MonitorStateChanged', 'EventsDropped',
];

const $ = (selector) => document.querySelector(selector);

// ---- HTTP -------------------------------------------------------------------------------------

/** An API failure, with the problem+json detail as its message when there is one. */
class ApiError extends Error {
	constructor(status, message, problem) {
		super(message);
		this.status = status;
		this.problem = problem;
	}
}

/** Call the API: JSON in and out, the bearer token if one was typed, errors in words. */
async function api(method, path, body) {
	const headers = { Accept: 'application/json' };
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json';
	}
	const token = sessionStorage.getItem(TOKEN_KEY);
	if (token) {
		headers.Authorization = 'Bearer ' + token;
	}
	let response;
	try {
		response = await fetch(path, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	}
	catch (failure) {
		throw new ApiError(0, 'netlab cannot be reached (' + failure.message + ')');
	}
	const text = await response.text();
	let json = null;
	if (text) {
		try {
			json = JSON.parse(text);
		}
		catch (notJson) {
			json = null;
		}
	}
	if (!response.ok) {
		const detail = json && (json.detail || json.title);
		throw new ApiError(response.status, detail || ('HTTP ' + response.status + ' ' + response.statusText), json);
	}
	return json;
}

// ---- errors -----------------------------------------------------------------------------------

/** Show a message; one with the same key replaces the one shown before. */
function showError(message, key) {
	const box = $('#errors');
	clearError(key || message);
	const item = document.createElement('div');
	item.className = 'error';
	item.dataset.key = key || message;
	const text = document.createElement('span');
	text.textContent = message;
	const close = document.createElement('button');
	close.type = 'button';
	close.textContent = '×';
	close.title = 'Dismiss';
	close.setAttribute('aria-label', 'Dismiss');
	close.addEventListener('click', () => item.remove());
	item.append(text, close);
	box.append(item);
}

function clearError(key) {
	for (const existing of [...$('#errors').children]) {
		if (existing.dataset.key === key) {
			existing.remove();
		}
	}
}

// ---- formatting -------------------------------------------------------------------------------

function bytes(n) {
	if (n < 1024) {
		return n + ' B';
	}
	const units = ['KiB', 'MiB', 'GiB', 'TiB'];
	let value = n;
	let unit = -1;
	do {
		value /= 1024;
		unit++;
	} while (value >= 1024 && unit < units.length - 1);
	return value.toFixed(value < 10 ? 1 : 0) + ' ' + units[unit];
}

function count(n) {
	return n.toLocaleString('en-US');
}

function duration(ms) {
	if (ms < 1000) {
		return ms + ' ms';
	}
	if (ms < 60000) {
		return (ms / 1000).toFixed(1) + ' s';
	}
	return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
}

function clock(iso) {
	const at = new Date(iso);
	if (Number.isNaN(at.getTime())) {
		return '';
	}
	return at.toLocaleTimeString('en-GB', { hour12: false }) + '.' + String(at.getMilliseconds()).padStart(3, '0');
}

function el(tag, className, text) {
	const node = document.createElement(tag);
	if (className) {
		node.className = className;
	}
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}

/** The one row of an empty table, saying why it is empty. */
function emptyRow(columns, text) {
	const row = el('tr', 'empty');
	const cell = el('td', null, text);
	cell.colSpan = columns;
	row.append(cell);
	return row;
}

// ---- listeners --------------------------------------------------------------------------------

let listeners = [];
let polling = false;

async function refreshListeners() {
	if (polling) {
		return;
	}
	polling = true;
	try {
		listeners = await api('GET', '/api/listeners');
		clearError('poll');
		renderListeners();
		updateListenerChoices();
	}
	catch (failure) {
		showError('The listener list cannot be loaded: ' + failure.message, 'poll');
	}
	finally {
		polling = false;
	}
}

/**
 * Rows are kept per listener and updated in place, so that a button under the mouse is never
 * replaced by the next poll.
 */
const rowsByName = new Map();

/** The cells of each row by column, so that an update touches only what changed. */
const cellsOf = new WeakMap();

function renderListeners() {
	const body = $('#listeners tbody');
	const rows = [];
	const seen = new Set();
	for (const listener of listeners) {
		let row = rowsByName.get(listener.name);
		if (!row) {
			row = createRow(listener.name);
			rowsByName.set(listener.name, row);
		}
		updateRow(row, listener);
		seen.add(listener.name);
		rows.push(row);
	}
	for (const name of [...rowsByName.keys()]) {
		if (!seen.has(name)) {
			rowsByName.delete(name);
		}
	}
	if (rows.length === 0) {
		rows.push(emptyRow(8, 'No listeners yet: create one below.'));
	}
	const current = [...body.children];
	if (current.length !== rows.length || current.some((row, i) => row !== rows[i])) {
		body.replaceChildren(...rows);
	}
}

function createRow(name) {
	const row = el('tr');
	row.dataset.name = name;
	const cells = {};
	for (const key of ['name', 'state', 'address', 'behavior', 'connections', 'received', 'sent', 'actions']) {
		cells[key] = el('td', 'col-' + key);
		row.append(cells[key]);
	}
	for (const key of ['connections', 'received', 'sent']) {
		cells[key].classList.add('num');
	}
	cells.actions.append(
		actionButton('traffic', 'Traffic', name),
		actionButton('start', 'Start', name),
		actionButton('stop', 'Stop', name),
		actionButton('delete', 'Delete', name),
	);
	cellsOf.set(row, cells);
	return row;
}

/** Set a cell to a main text and an optional second, smaller line. */
function fill(cell, main, sub, subClass) {
	const parts = [document.createTextNode(main)];
	if (sub) {
		parts.push(el('span', subClass || 'sub', sub));
	}
	const text = main + '\n' + (sub || '');
	if (cell.dataset.text !== text) {
		cell.dataset.text = text;
		cell.replaceChildren(...parts);
	}
}

function updateRow(row, listener) {
	const stats = listener.stats || {};
	const cells = cellsOf.get(row);
	row.dataset.state = listener.state;
	fill(cells.name, listener.name, listener.protocol + (listener.source === 'config' ? ' · from config' : ''));
	const badge = el('span', 'state ' + listener.state, listener.state);
	const stateText = listener.state + '\n' + (listener.error || '');
	if (cells.state.dataset.text !== stateText) {
		cells.state.dataset.text = stateText;
		cells.state.replaceChildren(badge);
		if (listener.error) {
			cells.state.append(el('span', 'error-text', listener.error));
		}
	}
	const port = listener.boundPort != null ? listener.boundPort : listener.port;
	fill(cells.address, formatAddress(listener.bindAddress, port), port === 0 ? 'port chosen at start' : undefined);
	cells.address.dataset.port = listener.boundPort != null ? String(listener.boundPort) : '';
	fill(cells.behavior, listener.behavior, listener.protocol === 'tcp' ? listener.framing + ' framing, ' + listener.io : undefined);
	if (listener.protocol === 'tcp') {
		fill(cells.connections, count(stats.connectionsActive) + ' open', count(stats.connectionsTotal) + ' total');
	}
	else {
		fill(cells.connections, '—');
	}
	fill(cells.received, bytes(stats.bytesReceived), count(stats.messagesReceived) + ' msg');
	fill(cells.sent, bytes(stats.bytesSent), count(stats.messagesSent) + ' msg');
	const running = listener.state === 'RUNNING' || listener.state === 'STARTING';
	const config = listener.source === 'config';
	for (const button of cells.actions.querySelectorAll('button')) {
		if (button.dataset.busy) {
			continue;
		}
		const action = button.dataset.action;
		if (action === 'traffic') {
			continue;
		}
		button.disabled = action === 'start' ? running : action === 'stop' ? !running : config;
		if (action === 'delete') {
			button.title = config ? 'Listeners from the configuration cannot be deleted' : 'Delete ' + listener.name;
		}
	}
}

function formatAddress(host, port) {
	return (host.includes(':') ? '[' + host + ']' : host) + ':' + port;
}

function actionButton(action, label, name) {
	const button = el('button', action === 'delete' ? 'danger' : null, label);
	button.type = 'button';
	button.dataset.action = action;
	button.dataset.name = name;
	button.title = (action === 'traffic' ? 'Chart the traffic of' : label) + ' ' + name;
	return button;
}

async function onListenerAction(event) {
	const button = event.target.closest('button[data-action]');
	if (!button) {
		return;
	}
	const { action, name } = button.dataset;
	if (action === 'traffic') {
		document.dispatchEvent(new CustomEvent('netlab:show-traffic', { detail: name }));
		return;
	}
	if (action === 'delete' && !window.confirm('Delete listener ' + name + '? Its port is freed at once.')) {
		return;
	}
	button.disabled = true;
	button.dataset.busy = 'true';
	try {
		if (action === 'delete') {
			await api('DELETE', '/api/listeners/' + encodeURIComponent(name));
		}
		else {
			await api('POST', '/api/listeners/' + encodeURIComponent(name) + '/' + action);
		}
	}
	catch (failure) {
		showError('Cannot ' + action + ' ' + name + ': ' + failure.message);
	}
	finally {
		delete button.dataset.busy;
	}
	await refreshListeners();
}

async function onCreate(event) {
	event.preventDefault();
	const form = event.target;
	const protocol = $('#new-protocol').value;
	const spec = {
		name: $('#new-name').value.trim(),
		protocol,
		port: Number($('#new-port').value || 0),
		bindAddress: $('#new-bind').value.trim() || undefined,
		behavior: $('#new-behavior').value,
	};
	if (protocol === 'tcp') {
		spec.framing = $('#new-framing').value;
		spec.io = $('#new-io').value;
	}
	const button = $('#create-button');
	button.disabled = true;
	try {
		await api('POST', '/api/listeners', spec);
		form.reset();
		updateProtocolFields();
	}
	catch (failure) {
		showError('Cannot create ' + (spec.name || 'the listener') + ': ' + failure.message);
	}
	finally {
		button.disabled = false;
	}
	await refreshListeners();
}

function updateProtocolFields() {
	const tcp = $('#new-protocol').value === 'tcp';
	for (const field of document.querySelectorAll('#create-form .tcp-only')) {
		field.hidden = !tcp;
	}
}

/** Keep the listener choices of the probe form and the feed filter in step with the table. */
function updateListenerChoices() {
	for (const select of [$('#probe-listener'), $('#feed-listener'), $('#run-listener'), $('#series-listener')]) {
		const wanted = listeners.map((listener) => listener.name);
		const current = [...select.options].slice(1).map((option) => option.value);
		if (wanted.join('\n') === current.join('\n')) {
			continue;
		}
		const chosen = select.value;
		while (select.options.length > 1) {
			select.remove(1);
		}
		for (const name of wanted) {
			select.add(new Option(name, name));
		}
		select.value = wanted.includes(chosen) ? chosen : '';
		if (select.value !== chosen) {
			select.dispatchEvent(new Event('change'));
		}
	}
}

// ---- probes -----------------------------------------------------------------------------------

async function onProbe(event) {
	event.preventDefault();
	const result = $('#probe-result');
	const listener = $('#probe-listener').value;
	const request = {
		protocol: $('#probe-protocol').value,
		payload: $('#probe-payload').value,
		framing: $('#probe-framing').value,
	};
	if (listener) {
		request.listener = listener;
	}
	else {
		request.host = $('#probe-host').value.trim();
		request.port = Number($('#probe-port').value);
	}
	result.hidden = false;
	result.classList.remove('problem');
	result.textContent = 'Probing…';
	try {
		const answer = await api('POST', '/api/probes', request);
		result.textContent = JSON.stringify(answer, null, 2);
	}
	catch (failure) {
		result.classList.add('problem');
		result.textContent = probesMissing(failure)
			? 'Probes are not available in this build of netlab.'
			: 'The probe failed: ' + failure.message;
	}
}

/**
 * True when no probe endpoint answered: a 404 (or 405, the answer of the static-resource
 * fallback to a POST) that is not a problem the probe feature itself reported.
 */
function probesMissing(failure) {
	if (failure.status !== 404 && failure.status !== 405) {
		return false;
	}
	const detail = (failure.problem && failure.problem.detail) || '';
	return detail === '' || /static resource|not supported/i.test(detail);
}

// ---- live events ------------------------------------------------------------------------------

const feed = {
	events: [],
	paused: false,
	pending: 0,
	socket: null,
};

function describe(event) {
	const parts = [];
	const add = (text, className) => parts.push(className ? el('span', className, text) : document.createTextNode(text));
	if (event.listener) {
		add(event.listener, 'listener');
		add(' ');
	}
	switch (event.type) {
		case 'ConnectionOpened':
			add(event.remote + ' connected');
			break;
		case 'ConnectionClosed':
			add(event.remote + ' closed (' + event.reason + ') after ' + duration(event.durationMs) + ' · '
				+ bytes(event.bytesReceived) + ' in, ' + bytes(event.bytesSent) + ' out, '
				+ count(event.messagesReceived) + ' msg');
			break;
		case 'ConnectionRejected':
			add(event.remote + ' rejected (' + event.reason + ')');
			break;
		case 'MessageReceived':
		case 'DatagramReceived':
			add(event.remote + ' sent ' + bytes(event.size) + ' ');
			add(event.preview, 'preview');
			if (event.size > 64) {
				add(' …');
			}
			break;
		case 'ListenerStarted':
			add('listening on port ' + event.port + ' (' + event.protocol + ')');
			break;
		case 'ListenerStopped':
			add('port ' + event.port + ' closed');
			break;
		case 'ListenerFailed':
			add(event.error);
			break;
		case 'ProbeCompleted':
			add(event.protocol + ' ' + event.target + ': ' + (event.success ? 'ok' : (event.errorKind || 'failed'))
				+ ' in ' + event.totalMs + ' ms');
			break;
		case 'LoadRunProgressed':
			add('run ' + event.runId + ' ' + event.state + ': ' + count(event.done)
				+ (event.total != null ? ' / ' + count(event.total) : '') + ' at ' + Math.round(event.ratePerSecond) + '/s'
				+ (event.sent != null ? ', lost ' + count(event.lost) + ' of ' + count(event.sent) : ''));
			break;
		case 'MonitorStateChanged':
			add('monitor ' + event.monitor + ': ' + event.from + ' → ' + event.to + (event.message ? ' (' + event.message + ')' : ''));
			break;
		case 'EventsDropped':
			add(count(event.count) + ' events were not shown: the console did not keep up');
			break;
		case 'Subscribed':
			add('live from here on');
			break;
		default:
			add(event.protocol || '');
	}
	return parts;
}

function matches(event) {
	const listener = $('#feed-listener').value;
	const type = $('#feed-type').value;
	const text = $('#feed-text').value.trim().toLowerCase();
	if (event.type !== 'EventsDropped') {
		if (listener && event.listener !== listener) {
			return false;
		}
		if (type && event.type !== type) {
			return false;
		}
	}
	return !text || JSON.stringify(event).toLowerCase().includes(text);
}

function eventItem(event) {
	const family = (event.type.match(/^(Connection|Message|Datagram|Listener|Probe|LoadRun)/) || [''])[0];
	const bad = event.type === 'ListenerFailed' || event.type === 'ConnectionRejected'
		|| (event.type === 'ConnectionClosed' && !['client', 'server'].includes(event.reason))
		|| (event.type === 'ProbeCompleted' && !event.success);
	const item = el('li', [family, event.type === 'EventsDropped' ? 'EventsDropped' : '', bad ? 'bad' : '']
		.filter(Boolean).join(' '));
	item.dataset.type = event.type;
	item.append(el('span', 'time', clock(event.at)), el('span', 'type', event.type));
	const what = el('span', 'what');
	what.append(...describe(event));
	item.append(what);
	return item;
}

/** Newest first; redrawn whole on a filter change, prepended to as events come. */
function renderFeed() {
	const list = $('#feed');
	const items = feed.events.filter(matches).reverse().map(eventItem);
	if (items.length === 0) {
		items.push(el('li', 'empty', feed.events.length === 0 ? 'Waiting for events…' : 'No event matches the filter.'));
	}
	list.replaceChildren(...items);
	feed.pending = 0;
	updatePending();
}

function addEvent(event) {
	feed.events.push(event);
	if (feed.events.length > FEED_MAX) {
		feed.events.splice(0, feed.events.length - FEED_MAX);
	}
	if (feed.paused) {
		feed.pending++;
		updatePending();
		return;
	}
	if (!matches(event)) {
		return;
	}
	const list = $('#feed');
	const empty = list.querySelector('li.empty');
	if (empty) {
		empty.remove();
	}
	list.prepend(eventItem(event));
	while (list.children.length > FEED_MAX) {
		list.lastElementChild.remove();
	}
}

function updatePending() {
	$('#feed-pending').textContent = feed.pending > 0 ? feed.pending + ' new while paused' : '';
}

function setFeedStatus(text, className) {
	const status = $('#feed-status');
	status.textContent = text;
	status.className = 'status ' + className;
}

async function loadRecentEvents() {
	try {
		const recent = await api('GET', '/api/events?limit=200');
		feed.events = recent.concat(feed.events);
		renderFeed();
	}
	catch (failure) {
		showError('Recent events cannot be loaded: ' + failure.message);
	}
}

function connectFeed() {
	const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
	const socket = new WebSocket(scheme + location.host + '/ws/events');
	feed.socket = socket;
	socket.addEventListener('open', () => {
		setFeedStatus(feed.paused ? 'paused' : 'live', feed.paused ? 'paused' : 'live');
	});
	socket.addEventListener('message', (message) => {
		let event;
		try {
			event = JSON.parse(message.data);
		}
		catch (notJson) {
			showError('An event could not be read: ' + notJson.message);
			return;
		}
		addEvent(event);
		document.dispatchEvent(new CustomEvent('netlab:event', { detail: event }));
	});
	socket.addEventListener('close', (closed) => {
		feed.socket = null;
		setFeedStatus('disconnected, reconnecting…', 'down');
		if (closed.code === 1008 || closed.code === 1013) {
			showError('The event feed was closed: ' + (closed.reason || 'code ' + closed.code));
		}
		window.setTimeout(connectFeed, RECONNECT_MS);
	});
}

function togglePause() {
	feed.paused = !feed.paused;
	$('#feed-pause').textContent = feed.paused ? 'Resume' : 'Pause';
	setFeedStatus(feed.paused ? 'paused' : (feed.socket ? 'live' : 'disconnected'), feed.paused ? 'paused' : (feed.socket ? 'live' : 'down'));
	if (!feed.paused) {
		renderFeed();
	}
}

// ---- start ------------------------------------------------------------------------------------

function start() {
	const token = $('#token');
	token.value = sessionStorage.getItem(TOKEN_KEY) || '';
	const keepToken = () => {
		if (token.value) {
			sessionStorage.setItem(TOKEN_KEY, token.value);
		}
		else {
			sessionStorage.removeItem(TOKEN_KEY);
		}
	};
	token.addEventListener('input', keepToken);
	$('#token-form').addEventListener('submit', (event) => {
		event.preventDefault();
		keepToken();
	});
	for (const type of EVENT_TYPES) {
		$('#feed-type').add(new Option(type, type));
	}
	$('#listeners tbody').addEventListener('click', onListenerAction);
	$('#create-form').addEventListener('submit', onCreate);
	$('#new-protocol').addEventListener('change', updateProtocolFields);
	$('#probe-form').addEventListener('submit', onProbe);
	$('#feed-listener').addEventListener('change', renderFeed);
	$('#feed-type').addEventListener('change', renderFeed);
	$('#feed-text').addEventListener('input', renderFeed);
	$('#feed-pause').addEventListener('click', togglePause);
	$('#feed-clear').addEventListener('click', () => {
		feed.events = [];
		renderFeed();
	});
	updateProtocolFields();
	refreshListeners();
	window.setInterval(refreshListeners, POLL_MS);
	loadRecentEvents().then(connectFeed);
}

start();
