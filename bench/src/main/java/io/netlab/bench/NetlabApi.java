package io.netlab.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the driver asks netlab's REST API (besides creating listeners, which run.sh does). */
final class NetlabApi {

	private static final Pattern PROTOCOL = Pattern.compile("\"tlsProtocol\":\"([^\"]*)\"");

	private static final Pattern CIPHER = Pattern.compile("\"tlsCipher\":\"([^\"]*)\"");

	private NetlabApi() {
	}

	static String get(String url) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

	/**
	 * The protocol and cipher netlab negotiated on the open connections of a TLS listener
	 * ({@code GET /api/listeners/{name}/connections}); empty if it cannot be read.
	 */
	static Set<String> tlsOfConnections(String baseUrl, String listener) {
		Set<String> pairs = new TreeSet<>();
		try {
			// one connection object after the other, each with both fields (in whatever order Jackson writes them)
			String body = get(baseUrl + "/api/listeners/" + listener + "/connections");
			Matcher protocol = PROTOCOL.matcher(body);
			Matcher cipher = CIPHER.matcher(body);
			while (protocol.find() && cipher.find()) {
				pairs.add(protocol.group(1) + " " + cipher.group(1));
			}
		}
		catch (IOException | RuntimeException ex) {
			// reported as "not seen"
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return pairs;
	}

}
