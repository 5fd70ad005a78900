// netlab console: the monitors (GET /api/monitors), each UP or DOWN with a sparkline of its
// recent runs; refreshed every few seconds and at once when a monitor changes state.
'use strict';

const MONITOR_POLL_MS = 5000;
const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 24;

/** A sparkline of the run times as an inline SVG: a failed run is a red mark at the bottom. */
function sparkline(results) {
	const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
	svg.setAttribute('width', SPARK_WIDTH);
	svg.setAttribute('height', SPARK_HEIGHT);
	svg.setAttribute('class', 'spark');
	svg.setAttribute('role', 'img');
	if (results.length === 0) {
		svg.setAttribute('aria-label', 'no runs yet');
		return svg;
	}
	const max = Math.max(1, ...results.map((result) => result.durationMs));
	const step = results.length > 1 ? SPARK_WIDTH / (results.length - 1) : 0;
	const y = (ms) => SPARK_HEIGHT - 2 - (ms / max) * (SPARK_HEIGHT - 4);
	const line = document.createElementNS(svg.namespaceURI, 'polyline');
	line.setAttribute('points', results.map((result, i) => (i * step).toFixed(1) + ',' + y(result.durationMs).toFixed(1)).join(' '));
	svg.append(line);
	results.forEach((result, i) => {
		if (!result.success) {
			const mark = document.createElementNS(svg.namespaceURI, 'rect');
			mark.setAttribute('x', Math.max(0, i * step - 1));
			mark.setAttribute('y', SPARK_HEIGHT - 4);
			mark.setAttribute('width', 2);
			mark.setAttribute('height', 4);
			svg.append(mark);
		}
	});
	const failed = results.filter((result) => !result.success).length;
	svg.setAttribute('aria-label', results.length + ' runs, ' + failed + ' failed, slowest ' + max + ' ms');
	return svg;
}

function monitorRow(monitor) {
	const row = el('tr');
	row.dataset.monitor = monitor.name;
	const state = el('td');
	state.append(el('span', 'state ' + monitor.state, monitor.state));
	const spark = el('td');
	spark.append(sparkline(monitor.results || []));
	const last = monitor.lastResult;
	const lastText = !last ? '—' : (last.success ? 'ok' : (last.message || last.error)) + ' in ' + last.durationMs + ' ms';
	row.append(el('td', null, monitor.name), state, el('td', null, (monitor.module || 'inline') + ' → ' + monitor.target),
		spark, el('td', last && !last.success ? 'error-text' : null, lastText));
	return row;
}

async function refreshMonitors() {
	try {
		const monitors = await api('GET', '/api/monitors');
		clearError('monitors');
		const rows = monitors.map(monitorRow);
		if (rows.length === 0) {
			rows.push(emptyRow(5, 'No monitors: POST /api/monitors creates one (README "Monitors").'));
		}
		$('#monitors tbody').replaceChildren(...rows);
	}
	catch (failure) {
		showError('The monitors cannot be loaded: ' + failure.message, 'monitors');
	}
}

document.addEventListener('netlab:event', (event) => {
	if (event.detail.type === 'MonitorStateChanged') {
		refreshMonitors();
	}
});
refreshMonitors();
window.setInterval(refreshMonitors, MONITOR_POLL_MS);
