// netlab console: load runs. The form starts an async run (POST /api/probes); its progress comes
// as LoadRunProgressed events over the WebSocket, for runs started here or anywhere else (curl);
// once a run is over, its result (GET /api/probes/runs/{id}) fills the table and the charts.
'use strict';

const PERCENTILES = ['p50', 'p90', 'p99', 'p99.9', 'max'];

const loadRuns = {
	/** Every run seen, by id, in the order first seen. */
	byId: new Map(),
	/** The run shown above the table. */
	shown: null,
	charts: null,
};

function runCharts() {
	if (!loadRuns.charts) {
		loadRuns.charts = {
			throughput: lineChart($('#run-throughput-chart'), ['replies/s'], { seconds: true }),
			latency: lineChart($('#run-latency-chart'), ['latency'], { xLabels: PERCENTILES, bars: true, log: true,
				format: (value) => value == null ? '' : compact(value) + ' ms' }),
		};
	}
	return loadRuns.charts;
}

/** The run with this id, created on first sight (a run started elsewhere shows up by its events). */
function runOf(id) {
	let run = loadRuns.byId.get(id);
	if (!run) {
		run = { id, target: '', state: 'running', done: 0, total: null, elapsedMs: 0, durationMs: null, rate: 0,
			times: [], rates: [], result: null, failure: null };
		loadRuns.byId.set(id, run);
	}
	return run;
}

/** Take in a RunView (the answer of POST /api/probes or GET /api/probes/runs). */
function fromView(view, target) {
	const run = progressed(runOf(view.id), view);
	run.target = target || run.target;
	run.failure = view.failure;
	if (view.result) {
		run.result = view.result;
		run.rate = view.result.messagesPerSecond;
	}
	return run;
}

/** The figures a RunView and a LoadRunProgressed event share. */
function progressed(run, figures) {
	for (const key of ['state', 'done', 'total', 'elapsedMs', 'durationMs']) {
		run[key] = figures[key];
	}
	return run;
}

function onProgress(event) {
	const run = runOf(event.runId);
	if (!run.target) {
		run.target = event.listener || '';
	}
	progressed(run, event);
	run.rate = event.ratePerSecond;
	run.datagrams = event.sent != null ? event : null;
	if (event.state === 'running') {
		run.times.push(Math.round(event.elapsedMs / 100) / 10);
		run.rates.push(event.ratePerSecond);
	}
	if (!loadRuns.shown || (event.state === 'running' && loadRuns.byId.get(loadRuns.shown).state !== 'running')) {
		loadRuns.shown = run.id;
	}
	if (event.state !== 'running') {
		fetchResult(run);
	}
	render();
}

async function fetchResult(run) {
	try {
		fromView(await api('GET', '/api/probes/runs/' + encodeURIComponent(run.id)));
	}
	catch (failure) {
		if (failure.status !== 404) {
			showError('The result of run ' + run.id + ' cannot be loaded: ' + failure.message);
		}
		// 404: a waited-for run (not kept); its events are all there is
	}
	render();
}

/** How far a run got, 0-100: by its count when it has one, else by its time. */
function percent(run) {
	if (run.state === 'finished') {
		return 100;
	}
	const part = run.total ? run.done / run.total : run.durationMs ? run.elapsedMs / run.durationMs : 0;
	return Math.max(0, Math.min(99, Math.floor(part * 100)));
}

function render() {
	renderShown();
	renderTable();
}

function renderShown() {
	const run = loadRuns.shown && loadRuns.byId.get(loadRuns.shown);
	$('#run-current').hidden = !run;
	if (!run) {
		return;
	}
	const value = percent(run);
	$('#run-title').textContent = 'run ' + run.id + (run.target ? ' → ' + run.target : '');
	const state = $('#run-state');
	state.textContent = run.state;
	state.className = 'state ' + run.state.toUpperCase();
	$('#run-cancel').hidden = run.state !== 'running';
	$('#run-progress').value = value;
	$('#run-progress').setAttribute('aria-valuetext', value + ' %');
	$('#run-percent').textContent = value + ' %';
	const live = [count(run.done) + (run.total ? ' of ' + count(run.total) : '') + ' replies',
		duration(Math.round(run.elapsedMs)) + (run.durationMs && !run.total ? ' of ' + duration(run.durationMs) : ''),
		Math.round(run.rate) + '/s'];
	if (run.datagrams) {
		live.push('lost ' + count(run.datagrams.lost) + ' of ' + count(run.datagrams.sent));
	}
	if (run.failure) {
		live.push('failed: ' + run.failure);
	}
	$('#run-live').textContent = live.join(' · ');
	const charts = runCharts();
	charts.throughput.setData([run.times, run.rates]);
	const latency = run.result && run.result.latency;
	// a log axis has no room for 0 (a run without replies): such a bar is left out
	const positive = (ms) => ms > 0 ? ms : null;
	charts.latency.setData(latency ? [[0, 1, 2, 3, 4], [latency.p50, latency.p90, latency.p99, latency.p999, latency.max].map(positive)]
		: [[], []]);
	renderResult(run.result);
}

/** The figures of a finished run, UDP loss and jitter included when the run measured them. */
function renderResult(result) {
	const table = $('#run-result');
	table.hidden = !result;
	if (!result) {
		return;
	}
	const errors = Object.entries(result.errors || {}).map(([kind, n]) => kind + ' ' + count(n)).join(', ');
	const rows = [
		['replies', count(result.messages) + (result.cancelled ? ' (cancelled)' : '')],
		['replies/s', count(Math.round(result.messagesPerSecond))],
		['throughput', bytes(result.bytesPerSecond) + '/s (' + bytes(result.bytesSent) + ' out, ' + bytes(result.bytesReceived) + ' in)'],
		['errors', errors || 'none'],
		['latency (ms)', 'p50 ' + result.latency.p50 + ' · p90 ' + result.latency.p90 + ' · p99 ' + result.latency.p99
			+ ' · p99.9 ' + result.latency.p999 + ' · max ' + result.latency.max + ' · mean ' + result.latency.mean],
		['duration', duration(Math.round(result.durationMs))],
		['connections', result.concurrency + ' on ' + result.threads + ' thread(s)'],
	];
	if (result.sent != null) {
		rows.push(['datagrams', count(result.sent) + ' sent, ' + count(result.received) + ' answered, ' + count(result.lost)
			+ ' lost (' + (result.lossRatio * 100).toFixed(2) + ' %)']);
		rows.push(['order', count(result.duplicated) + ' duplicated, ' + count(result.reordered) + ' reordered, '
			+ count(result.late) + ' late']);
		rows.push(['jitter', result.jitterMs + ' ms']);
		if (result.achievedRatePerSecond != null) {
			rows.push(['rate', count(result.achievedRatePerSecond) + '/s of ' + count(result.targetRatePerSecond) + '/s asked']);
		}
	}
	else if (result.lost != null) {
		rows.push(['lost', count(result.lost)]);
	}
	table.tBodies[0].replaceChildren(...rows.map(([key, value]) => {
		const row = el('tr');
		row.append(el('th', null, key), el('td', null, value));
		return row;
	}));
}

function renderTable() {
	const runs = [...loadRuns.byId.values()].reverse();
	const rows = runs.map((run) => {
		const row = el('tr');
		row.dataset.run = run.id;
		row.dataset.state = run.state;
		const show = el('button', null, 'Show');
		show.type = 'button';
		show.dataset.run = run.id;
		show.title = 'Show run ' + run.id;
		const actions = el('td', 'col-actions');
		actions.append(show);
		row.append(el('td', 'mono', run.id), el('td', null, run.target || '—'), el('td', null, run.state),
			el('td', 'num', count(run.done)), el('td', 'num', count(Math.round(run.rate))),
			el('td', 'num', run.result ? run.result.latency.p99 + ' ms' : '—'), actions);
		if (run.id === loadRuns.shown) {
			row.classList.add('shown');
		}
		return row;
	});
	if (rows.length === 0) {
		rows.push(emptyRow(7, 'No load runs yet.'));
	}
	$('#runs tbody').replaceChildren(...rows);
}

function runRequest() {
	const listener = $('#run-listener').value;
	const size = Number($('#run-size').value);
	const request = {
		protocol: $('#run-protocol').value,
		payload: 'x'.repeat(Math.max(1, size)),
		concurrency: Number($('#run-concurrency').value),
		async: true,
	};
	if (listener) {
		request.listener = listener;
	}
	else {
		request.host = $('#run-host').value.trim();
		request.port = Number($('#run-port').value);
	}
	if ($('#run-mode').value === 'count') {
		request.count = Number($('#run-count').value);
	}
	else {
		request.durationMs = Math.round(Number($('#run-duration').value) * 1000);
	}
	const rate = $('#run-rate').value;
	if (request.protocol === 'udp' && rate !== '') {
		request.ratePerSecond = Number(rate);
	}
	return request;
}

async function onStartRun(event) {
	event.preventDefault();
	const request = runRequest();
	const target = request.listener || formatAddress(request.host, request.port);
	const button = $('#run-button');
	button.disabled = true;
	try {
		const run = fromView(await api('POST', '/api/probes', request), target);
		loadRuns.shown = run.id;
		render();
	}
	catch (failure) {
		showError('Cannot start the load run: ' + failure.message, 'run');
		return;
	}
	finally {
		button.disabled = false;
	}
	clearError('run');
}

async function onCancelRun() {
	const id = loadRuns.shown;
	try {
		fromView(await api('DELETE', '/api/probes/runs/' + encodeURIComponent(id)));
	}
	catch (failure) {
		showError('Cannot cancel run ' + id + ': ' + failure.message);
	}
	render();
}

/** Protocol follows the chosen listener; host and port only without one; UDP's rate only for UDP. */
function updateRunFields() {
	const listener = listeners.find((candidate) => candidate.name === $('#run-listener').value);
	if (listener) {
		$('#run-protocol').value = listener.protocol;
	}
	for (const field of document.querySelectorAll('#run-form .run-hostport')) {
		field.hidden = Boolean(listener);
	}
	for (const field of document.querySelectorAll('#run-form .udp-only')) {
		field.hidden = $('#run-protocol').value !== 'udp';
	}
	const byCount = $('#run-mode').value === 'count';
	$('#run-count-label').hidden = !byCount;
	$('#run-duration-label').hidden = byCount;
}

async function loadKeptRuns() {
	try {
		for (const view of await api('GET', '/api/probes/runs')) {
			fromView(view);
		}
		const newest = [...loadRuns.byId.values()].pop();
		if (newest && !loadRuns.shown) {
			loadRuns.shown = newest.id;
		}
		render();
	}
	catch (failure) {
		showError('The load runs cannot be loaded: ' + failure.message);
	}
}

$('#run-form').addEventListener('submit', onStartRun);
$('#run-cancel').addEventListener('click', onCancelRun);
for (const id of ['#run-listener', '#run-protocol', '#run-mode']) {
	$(id).addEventListener('change', updateRunFields);
}
$('#runs tbody').addEventListener('click', (click) => {
	const button = click.target.closest('button[data-run]');
	if (button) {
		loadRuns.shown = button.dataset.run;
		render();
	}
});
document.addEventListener('netlab:event', (event) => {
	if (event.detail.type === 'LoadRunProgressed') {
		onProgress(event.detail);
	}
});
updateRunFields();
loadKeptRuns();
