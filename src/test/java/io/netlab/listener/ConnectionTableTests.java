package io.netlab.listener;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netlab.wire.Protocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner of a listener's open connections on its own: admission by rules and limits, one
 * counted close per connection whatever the number of close events, and the drain.
 */
class ConnectionTableTests {

	private final ListenerStats stats = new ListenerStats();

	private final ConnectionTable table = new ConnectionTable(this.stats);

	private static final ListenerSpec.Limits LIMITS = new ListenerSpec("t", Protocol.TCP, 0, null, null, null, null,
			null, null, new ListenerSpec.Limits(3, null, null, null, null, 2, null, null, null, null), null, null, null, null, null,
			null)
		.withDefaults()
		.limits();

	private static ConnectionRecord record(String id, String source) throws Exception {
		return new ConnectionRecord(id, source, 1, InetAddress.getByName(source));
	}

	@Test
	void admitsUpToTheLimitsAndCountsRefusalsByReason() throws Exception {
		assertThat(this.table.open(record("a", "127.0.0.1"), AccessRules.OPEN, LIMITS)).isNull();
		assertThat(this.table.open(record("b", "127.0.0.1"), AccessRules.OPEN, LIMITS)).isNull();
		assertThat(this.table.open(record("c", "127.0.0.1"), AccessRules.OPEN, LIMITS).reason())
			.as("third from one source").isEqualTo(CloseReason.LIMIT);
		AccessRules denyTen = AccessRules.of(new ListenerSpec.Access(List.of(), List.of("10.0.0.0/8")));
		assertThat(this.table.open(record("d", "10.1.2.3"), denyTen, LIMITS).reason()).isEqualTo(CloseReason.DENIED);
		assertThat(this.stats.connectionsRejected(CloseReason.LIMIT)).isEqualTo(1);
		assertThat(this.stats.connectionsRejected(CloseReason.DENIED)).isEqualTo(1);
		assertThat(this.stats.connectionsActive()).isEqualTo(4);
	}

	@Test
	void aCloseIsCountedOnceWithTheFirstKnownReason() throws Exception {
		this.table.open(record("a", "127.0.0.1"), AccessRules.OPEN, LIMITS);
		this.table.failed("a", CloseReason.FRAME_TOO_LARGE);
		this.table.failed("a", CloseReason.RESET);
		assertThat(this.table.closed("a").closeReason).isEqualTo(CloseReason.FRAME_TOO_LARGE);
		assertThat(this.table.closed("a")).as("a second close event").isNull();
		assertThat(this.stats.connectionsClosed(CloseReason.FRAME_TOO_LARGE)).isEqualTo(1);
		assertThat(this.stats.connectionsActive()).isZero();
		assertThat(this.table.open(record("b", "127.0.0.1"), AccessRules.OPEN, LIMITS))
			.as("the source's slot is free again").isNull();
	}

	@Test
	void aDrainEndsWhenTheLastConnectionCloses() throws Exception {
		this.table.open(record("a", "127.0.0.1"), AccessRules.OPEN, LIMITS);
		this.table.closingAll();
		CompletableFuture<Void> drained = CompletableFuture
			.runAsync(() -> this.table.awaitDrained(Duration.ofSeconds(10)));
		assertThat(drained).isNotDone();
		assertThat(this.table.closed("a").closeReason).isEqualTo(CloseReason.SERVER);
		drained.get(5, TimeUnit.SECONDS);
		assertThat(this.table.size()).isZero();
	}

}
