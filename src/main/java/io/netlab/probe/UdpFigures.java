package io.netlab.probe;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.netlab.events.LoadRunProgressed;
import org.jspecify.annotations.Nullable;

/**
 * What a stamped UDP run measured, shown inline in its {@link LoadResult}: the datagram counts,
 * the longest loss burst, for an open-loop run the rate asked for and the rate achieved, and
 * the same figures for each source port (each socket's own path through ECMP).
 *
 * @param counts sent, received, lost, duplicated, reordered, late, lossRatio, jitterMs
 * @param maxLossBurst the most consecutive datagrams of one socket that got no answer
 * @param targetRatePerSecond open loop: the {@code ratePerSecond} asked for
 * @param achievedRatePerSecond open loop: datagrams sent per second of sending
 * @param ports per source port, in the order the sockets were opened
 */
public record UdpFigures(@JsonUnwrapped LoadRunProgressed.Datagrams counts, int maxLossBurst,
		@Nullable Double targetRatePerSecond, @Nullable Double achievedRatePerSecond, List<Port> ports) {

	/**
	 * One source port's share of the run.
	 *
	 * @param port the local (source) port
	 * @param sent datagrams sent from it
	 * @param received distinct datagrams answered
	 * @param lost sent and never answered
	 * @param lossRatio {@code lost / sent}
	 * @param maxLossBurst its longest run of unanswered datagrams
	 * @param jitterMs RFC 3550 jitter of its answers
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record Port(int port, long sent, long received, long lost, double lossRatio, int maxLossBurst, double jitterMs) {
	}

	/** The figures of a finished run's sockets; read once their loops have ended. */
	static UdpFigures of(List<StampedUdpChannel> channels, ProbePlan plan) {
		List<Port> ports = new ArrayList<>();
		long sent = 0;
		long received = 0;
		long duplicated = 0;
		long reordered = 0;
		long late = 0;
		int burst = 0;
		long firstSend = Long.MAX_VALUE;
		long lastSend = Long.MIN_VALUE;
		for (StampedUdpChannel channel : channels) {
			SequenceTracker t = channel.tracker();
			sent += t.sent();
			received += t.received();
			duplicated += t.duplicated();
			reordered += t.reordered();
			late += t.late();
			burst = Math.max(burst, t.maxLossBurst());
			ports.add(new Port(channel.localPort(), t.sent(), t.received(), t.lost(), ratio(t.lost(), t.sent()),
					t.maxLossBurst(), LoadRun.round(t.jitterNanos() / 1e6)));
			if (channel.firstSend >= 0) {
				firstSend = Math.min(firstSend, channel.firstSend);
				lastSend = Math.max(lastSend, channel.lastSend);
			}
		}
		Double target = plan.openLoop() ? plan.ratePerSecond() : null;
		Double achieved = null;
		if (plan.openLoop() && sent > 0) {
			// the window from the first send to one interval after the last: N sends at rate R span N / R
			double window = (lastSend - firstSend + 1e9 * plan.concurrency() / plan.ratePerSecond()) / 1e9;
			achieved = LoadRun.round(sent / window);
		}
		return new UdpFigures(counts(sent, received, duplicated, reordered, late, weightedJitterMs(channels)), burst, target,
				achieved, ports);
	}

	static LoadRunProgressed.Datagrams counts(long sent, long received, long duplicated, long reordered, long late,
			double jitterMs) {
		long lost = Math.max(0, sent - received);
		return new LoadRunProgressed.Datagrams(sent, received, lost, duplicated, reordered, late, ratio(lost, sent),
				jitterMs);
	}

	/** The sockets' jitter, weighted by how many answers each had; once their loops have ended. */
	private static double weightedJitterMs(List<StampedUdpChannel> channels) {
		double weighted = 0;
		long answers = 0;
		for (StampedUdpChannel channel : channels) {
			long n = channel.tracker().received();
			weighted += channel.tracker().jitterNanos() * n;
			answers += n;
		}
		return (answers > 0) ? LoadRun.round(weighted / answers / 1e6) : 0;
	}

	/** While the run goes on: the plain mean of the sockets' jitter (each a volatile, so readable here). */
	static double meanJitterMs(List<StampedUdpChannel> channels) {
		double sum = 0;
		for (StampedUdpChannel channel : channels) {
			sum += channel.tracker().jitterNanos();
		}
		return channels.isEmpty() ? 0 : LoadRun.round(sum / channels.size() / 1e6);
	}

	private static double ratio(long part, long whole) {
		return (whole > 0) ? Math.round(1e6 * part / whole) / 1e6 : 0;
	}

}
