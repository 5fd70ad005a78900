package io.netlab.impair;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.netlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UDP impairments on an echo listener, each observed by sequence numbers on a real socket:
 * seeded loss at the configured rate and reproducible, duplicates, latency, reordering,
 * corruption, truncation and pacing; and a change that acts without a restart.
 */
class UdpImpairmentIntegrationTests extends IntegrationTest {

	private static final int COUNT = 2000;

	private int udpListener(String name, long seed, String impairment) {
		return this.api.createListener("{\"name\": \"" + name + "\", \"protocol\": \"udp\", \"seed\": " + seed
				+ ", \"limits\": {\"maxDatagramsPerSecondPerSource\": 1000000}, \"impairments\": [" + impairment + "]}");
	}

	private static Set<Integer> lost(List<SequencedUdpClient.Echo> echoes, int count) {
		Set<Integer> lost = IntStream.range(0, count).boxed().collect(Collectors.toCollection(TreeSet::new));
		echoes.forEach(echo -> lost.remove(echo.sequence()));
		return lost;
	}

	private Set<Integer> lostThrough(int port) {
		try (SequencedUdpClient client = new SequencedUdpClient(port)) {
			return lost(client.exchange(COUNT, 32, 200, 150), COUNT);
		}
	}

	@Test
	void seededLossDropsTheConfiguredShareAndTheSameSeedDropsTheSameDatagrams() {
		String loss = "{\"type\": \"loss\", \"attributes\": {\"probability\": 0.3}}";
		Set<Integer> first = lostThrough(udpListener("loss-a", 1234, loss));
		Set<Integer> again = lostThrough(udpListener("loss-b", 1234, loss));
		Set<Integer> otherSeed = lostThrough(udpListener("loss-c", 99, loss));
		assertThat(first.size() / (double) COUNT).isBetween(0.25, 0.35);
		assertThat(again).isEqualTo(first);
		assertThat(otherSeed).isNotEqualTo(first);
		var view = this.api.get("/api/listeners/loss-a").json();
		assertThat(view.get("impairmentActions").get("loss_downstream").asLong()).isEqualTo(first.size());
		assertThat(view.get("stats").get("messagesSent").asLong()).isEqualTo(COUNT - first.size());
	}

	@Test
	void duplicateSendsSomeDatagramsTwiceAndCountsThem() {
		int port = udpListener("dup", 5, "{\"type\": \"duplicate\", \"attributes\": {\"probability\": 0.5}}");
		List<SequencedUdpClient.Echo> echoes;
		try (SequencedUdpClient client = new SequencedUdpClient(port)) {
			echoes = client.exchange(200, 16, 100, 150);
		}
		Map<Integer, Long> copies = echoes.stream()
			.collect(Collectors.groupingBy(SequencedUdpClient.Echo::sequence, Collectors.counting()));
		assertThat(copies).hasSize(200);
		assertThat(copies.values()).allSatisfy(n -> assertThat(n).isBetween(1L, 2L));
		long twice = copies.values().stream().filter(n -> n == 2).count();
		assertThat(twice).isBetween(60L, 140L);
		var view = this.api.get("/api/listeners/dup").json();
		assertThat(view.get("impairmentActions").get("duplicate_downstream").asLong()).isEqualTo(twice);
		// what really went out is counted as sent, duplicates included
		assertThat(view.get("stats").get("messagesSent").asLong()).isEqualTo(echoes.size());
		assertThat(view.get("stats").get("messagesReceived").asLong()).isEqualTo(200);
	}

	@Test
	void latencyDelaysEveryEcho() {
		int port = udpListener("slow-udp", 5, "{\"type\": \"latency\", \"attributes\": {\"latency\": 200, \"jitter\": 20}}");
		try (SequencedUdpClient client = new SequencedUdpClient(port)) {
			for (int seq = 0; seq < 5; seq++) {
				long sentAt = System.nanoTime();
				client.send(seq, 8);
				List<SequencedUdpClient.Echo> echoes = client.receiveUntilQuiet(1000);
				assertThat(echoes).extracting(SequencedUdpClient.Echo::sequence).containsExactly(seq);
				assertThat(Duration.ofNanos(echoes.get(0).receivedAt() - sentAt))
					.isBetween(Duration.ofMillis(175), Duration.ofMillis(900));
			}
		}
	}

	@Test
	void reorderHoldsDatagramsBackByTheGapAndLosesNone() {
		int port = udpListener("reorder", 11, "{\"type\": \"reorder\", \"attributes\": {\"probability\": 0.2, \"gap\": 3}}");
		List<Integer> order;
		try (SequencedUdpClient client = new SequencedUdpClient(port)) {
			order = client.exchange(300, 8, 100, 1500).stream().map(SequencedUdpClient.Echo::sequence).toList();
		}
		assertThat(order).as(order.toString()).hasSize(300).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 300).boxed().toList());
		List<Integer> late = new ArrayList<>();
		for (int i = 0; i < order.size(); i++) {
			int seq = order.get(i);
			// a held datagram comes back after the gap of later ones, so it shows up 3 or more places late
			if (i - seq >= 3 && order.subList(0, i).stream().filter(s -> s > seq).count() >= 3) {
				late.add(seq);
			}
		}
		assertThat(late).hasSizeGreaterThan(20);
		assertThat(order).isNotEqualTo(IntStream.range(0, 300).boxed().toList());
	}

	@Test
	void corruptFlipsOneByteAndTruncateCutsTheRest() {
		int port = udpListener("mangle", 3, "{\"type\": \"corrupt\", \"attributes\": {\"probability\": 1}},"
				+ "{\"type\": \"truncate\", \"attributes\": {\"bytes\": 40}}");
		try (SequencedUdpClient client = new SequencedUdpClient(port)) {
			client.send(7, 100);
			List<SequencedUdpClient.Echo> echoes = client.receiveUntilQuiet(1000);
			assertThat(echoes).hasSize(1);
			byte[] got = echoes.get(0).payload();
			byte[] sent = SequencedUdpClient.sent(7, 100);
			assertThat(got).hasSize(40);
			long flipped = IntStream.range(0, 40).filter(i -> got[i] != sent[i]).count();
			assertThat(flipped).isLessThanOrEqualTo(1);
		}
		Map<String, Long> actions = actions("mangle");
		assertThat(actions).containsEntry("corrupt_downstream", 1L).containsEntry("truncate_downstream", 1L);
	}

	@Test
	void ratePacesDatagramsToTheConfiguredPacketsPerSecond() {
		int port = udpListener("paced", 3, "{\"type\": \"rate\", \"attributes\": {\"packets_per_second\": 50}}");
		try (SequencedUdpClient client = new SequencedUdpClient(port)) {
			for (int seq = 0; seq < 21; seq++) {
				client.send(seq, 8);
			}
			List<SequencedUdpClient.Echo> echoes = client.receiveUntilQuiet(1000);
			assertThat(echoes).extracting(SequencedUdpClient.Echo::sequence)
				.containsExactlyElementsOf(IntStream.range(0, 21).boxed().toList());
			Duration spread = Duration.ofNanos(echoes.get(20).receivedAt() - echoes.get(0).receivedAt());
			assertThat(spread).isBetween(Duration.ofMillis(350), Duration.ofMillis(1500));
		}
	}

	@Test
	void anImpairmentAddedToARunningListenerActsAtOnceAndStopsWhenRemoved() {
		int port = this.api.createListener("{\"name\": \"live-udp\", \"protocol\": \"udp\"}");
		try (SequencedUdpClient client = new SequencedUdpClient(port)) {
			assertThat(client.exchange(20, 8, 20, 200)).hasSize(20);
			this.api.post("/api/listeners/live-udp/impairments", "{\"type\": \"loss\", \"attributes\": {\"probability\": 1}}");
			assertThat(client.exchange(20, 8, 20, 200)).isEmpty();
			this.api.delete("/api/listeners/live-udp/impairments/loss_downstream");
			assertThat(client.exchange(20, 8, 20, 200)).hasSize(20);
		}
	}

	private Map<String, Long> actions(String listener) {
		Map<String, Long> actions = new java.util.HashMap<>();
		this.api.get("/api/listeners/" + listener).json().get("impairmentActions").properties()
			.forEach(entry -> actions.put(entry.getKey(), entry.getValue().asLong()));
		return actions;
	}

}
