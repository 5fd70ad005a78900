// netlab console: charts (uPlot, from its WebJar) and the live traffic of one listener, polled
// from GET /api/listeners/{name}/series.
'use strict';

const SERIES_POLL_MS = 2000;
const CHART_HEIGHT = 170;
const COLORS = ['#1f6feb', '#cf222e', '#1a7f37', '#9a6700', '#6639ba'];

/**
 * A line chart in {@code container}, as wide as it is and following its width. {@code lines} are
 * the labels of the y series; {@code options} may set xLabels (ticks of a category axis),
 * seconds (x in seconds since a start), bars, log (a logarithmic y axis) and format (of y values).
 */
function lineChart(container, lines, options = {}) {
	const labels = options.xLabels;
	const format = options.format || ((value) => value == null ? '' : compact(value));
	const series = [{ label: labels ? 'percentile' : 'time', value: labels ? (u, i) => labels[i] || '' : undefined }];
	lines.forEach((label, i) => series.push({
		label,
		stroke: COLORS[i % COLORS.length],
		fill: options.bars ? COLORS[i % COLORS.length] + '55' : undefined,
		width: 1.5,
		paths: options.bars ? uPlot.paths.bars({ size: [0.6, 60] }) : undefined,
		points: { show: Boolean(labels) },
		value: (u, value) => format(value),
	}));
	const chart = new uPlot({
		width: widthOf(container),
		height: CHART_HEIGHT,
		series,
		scales: {
			x: labels ? { time: false, range: () => [-0.5, labels.length - 0.5] } : { time: !options.seconds },
			y: options.log ? { distr: 3 } : {},
		},
		axes: [
			labels ? { values: (u, ticks) => ticks.map((tick) => labels[tick] || ''), splits: () => labels.map((l, i) => i) }
				: options.seconds ? { values: (u, ticks) => ticks.map((tick) => tick + ' s') } : {},
			{
				values: (u, ticks) => ticks.map(format),
				// as wide as the longest label
				size: (u, values) => 14 + 7 * Math.max(4, ...(values || []).map((value) => String(value).length)),
				// a log axis marks its decades only
				filter: options.log ? (u, splits) => splits.map((split) => Number.isInteger(Math.log10(split)) ? split : null) : undefined,
			},
		],
		// a legend only where there is more than one line to tell apart
		legend: { show: lines.length > 1, live: true },
		cursor: { drag: { x: false, y: false } },
	}, [[], ...lines.map(() => [])], container);
	new ResizeObserver(() => chart.setSize({ width: widthOf(container), height: CHART_HEIGHT })).observe(container);
	return chart;
}

function widthOf(container) {
	return Math.max(200, Math.floor(container.getBoundingClientRect().width));
}

/** 1234567 as 1.2M: short enough for an axis. */
function compact(value) {
	const abs = Math.abs(value);
	if (abs >= 1e9) {
		return (value / 1e9).toFixed(1) + 'G';
	}
	if (abs >= 1e6) {
		return (value / 1e6).toFixed(1) + 'M';
	}
	if (abs >= 1e4) {
		return (value / 1e3).toFixed(0) + 'k';
	}
	if (abs >= 1e3) {
		return (value / 1e3).toFixed(1) + 'k';
	}
	return Number.isInteger(value) ? String(value) : value.toFixed(abs < 10 ? 2 : 1);
}

// ---- one listener's traffic -------------------------------------------------------------------

const traffic = {
	charts: null,
	timer: null,
};

function trafficCharts() {
	if (!traffic.charts) {
		traffic.charts = {
			messages: lineChart($('#series-messages-chart'), ['messages/s']),
			bytes: lineChart($('#series-bytes-chart'), ['in', 'out'], { format: (value) => value == null ? '' : bytes(value) + '/s' }),
			connections: lineChart($('#series-connections-chart'), ['open']),
		};
	}
	return traffic.charts;
}

async function refreshTraffic() {
	const name = $('#series-listener').value;
	if (!name) {
		return;
	}
	try {
		const series = await api('GET', '/api/listeners/' + encodeURIComponent(name) + '/series');
		if ($('#series-listener').value !== name) {
			return;
		}
		clearError('series');
		const at = series.at.map((ms) => ms / 1000);
		const charts = trafficCharts();
		charts.messages.setData([at, series.messagesInPerSecond]);
		charts.bytes.setData([at, series.bytesInPerSecond, series.bytesOutPerSecond]);
		charts.connections.setData([at, series.connections]);
		$('#series-note').textContent = at.length === 0 ? 'No samples yet: the first comes within a second or two.'
			: 'Last ' + duration(at.length * series.intervalMs) + ', one point every ' + duration(series.intervalMs) + '.';
	}
	catch (failure) {
		showError('The traffic of ' + name + ' cannot be loaded: ' + failure.message, 'series');
	}
}

function chooseTrafficListener() {
	window.clearInterval(traffic.timer);
	traffic.timer = null;
	if ($('#series-listener').value) {
		refreshTraffic();
		traffic.timer = window.setInterval(refreshTraffic, SERIES_POLL_MS);
	}
}

$('#series-listener').addEventListener('change', chooseTrafficListener);
document.addEventListener('netlab:show-traffic', (shown) => {
	$('#series-listener').value = shown.detail;
	chooseTrafficListener();
	$('#traffic-section').scrollIntoView({ behavior: 'smooth', block: 'start' });
});
