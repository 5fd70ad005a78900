package io.netlab.listener;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.netlab.support.Api;
import io.netlab.support.Netlab;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * TLS listeners in both io modes, with real {@link SSLSocket} clients that trust the
 * certificate netlab serves at {@code /api/tls/certificate}.
 */
class TlsListenerIntegrationTests extends IntegrationTest {

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void tlsEchoWorksAndTheConnectionShowsProtocolAndCipher(String io) throws Exception {
		int port = this.api.createListener("""
				{"name": "tls-%s", "io": "%s", "framing": "line", "tls": {"enabled": true}}""".formatted(io, io));
		try (SSLSocket socket = tlsClient(trusting(this.api), port, "TLSv1.3", "TLSv1.2")) {
			socket.startHandshake();
			Sockets.write(socket, "secret\n");
			assertThat(Sockets.readExactlyText(socket, 7)).isEqualTo("secret\n");
			JsonNode connection = this.api.get("/api/listeners/tls-" + io + "/connections").json().get(0);
			assertThat(connection.get("tlsProtocol").asText()).isEqualTo(socket.getSession().getProtocol());
			assertThat(connection.get("tlsCipher").asText()).isEqualTo(socket.getSession().getCipherSuite());
			assertThat(connection.get("tlsHandshakeMs").asLong()).isNotNegative();
			// a big frame spans several TLS records
			String big = "x".repeat(40_000);
			Sockets.write(socket, big + "\n");
			assertThat(Sockets.readExactlyText(socket, big.length() + 1)).isEqualTo(big + "\n");
		}
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void tls12AlsoWorks(String io) throws Exception {
		int port = this.api.createListener("""
				{"name": "tls12-%s", "io": "%s", "framing": "raw", "tls": {"enabled": true}}""".formatted(io, io));
		try (SSLSocket socket = tlsClient(trusting(this.api), port, "TLSv1.2")) {
			Sockets.write(socket, "twelve");
			assertThat(Sockets.readExactlyText(socket, 6)).isEqualTo("twelve");
			assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
		}
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void plaintextOldProtocolAndStalledClientsAreClosedWithReasonTlsWhileAGoodClientIsServed(String io)
			throws Exception {
		String name = "tls-bad-" + io;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "line", "tls": {"enabled": true, "handshakeTimeoutMs": 1500}}"""
			.formatted(name, io));
		SSLContext trusted = trusting(this.api);
		try (SSLSocket good = tlsClient(trusted, port, "TLSv1.3")) {
			Sockets.write(good, "one\n");
			assertThat(Sockets.readExactlyText(good, 4)).isEqualTo("one\n");
			try (Socket plaintext = Sockets.connect(port)) {
				Sockets.write(plaintext, "hello in the clear\n");
				assertThat(Sockets.readToEof(plaintext)).as("at most an alert, then the close")
					.doesNotContain("hello".getBytes(StandardCharsets.US_ASCII));
			}
			try (Socket old = Sockets.connect(port)) {
				// the JDK's own client refuses to offer TLS 1.0, so this one is written by hand
				Sockets.write(old, TLS10_CLIENT_HELLO);
				byte[] answer = Sockets.readToEof(old);
				assertThat(answer).as("a fatal alert (content type 21), then the close").startsWith(21);
			}
			try (Socket stalled = Sockets.connect(port)) {
				// closed by the 1500 ms handshake timeout, at most with an alert: no read timeout here
				assertThat(Sockets.readToEof(stalled)).hasSizeLessThan(64);
			}
			Sockets.write(good, "two\n");
			assertThat(Sockets.readExactlyText(good, 4)).isEqualTo("two\n");
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				this.api.get("/api/listeners/" + name).json().get("stats").get("connectionsClosed").get("tls").asLong())
			.isEqualTo(3));
	}

	@Test
	void clientThatDoesNotTrustTheCertificateFailsTheHandshake() throws Exception {
		int port = this.api.createListener("{\"name\": \"tls-untrusted\", \"tls\": {\"enabled\": true}}");
		try (SSLSocket socket = tlsClient(SSLContext.getDefault(), port, "TLSv1.3")) {
			assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
		}
	}

	@Test
	void certificateIsServedAsPemForLocalhostAndTheLoopbackAddresses() throws Exception {
		Api.Response response = this.api.get("/api/tls/certificate");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/x-pem-file");
		X509Certificate certificate = certificate(response.body());
		assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> name.get(1).toString())
			.contains("localhost", "127.0.0.1");
		certificate.checkValidity();
	}

	@Test
	void udpWithTlsIs400() {
		Api.Response response = this.api.post("/api/listeners", """
				{"name": "dtls", "protocol": "udp", "tls": {"enabled": true}}""");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("tls");
	}

	@Test
	void unknownBundleIs400() {
		Api.Response response = this.api.post("/api/listeners", """
				{"name": "no-bundle", "tls": {"enabled": true, "bundle": "missing"}}""");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asText()).contains("missing");
	}

	@Test
	void generatedCertificateIsReusedAcrossRestartsAndServesAsABundleFromPemFiles(@TempDir Path dataDir)
			throws Exception {
		String first;
		try (ConfigurableApplicationContext context = Netlab.start(dataDir)) {
			first = Netlab.api(context).get("/api/tls/certificate").body();
		}
		Path certificate = dataDir.resolve("tls/netlab-cert.pem");
		Path key = dataDir.resolve("tls/netlab-key.pem");
		assertThat(Files.readString(certificate)).isEqualTo(first);
		try (ConfigurableApplicationContext context = Netlab.start(dataDir,
				"--spring.ssl.bundle.pem.lab.keystore.certificate=file:" + certificate,
				"--spring.ssl.bundle.pem.lab.keystore.private-key=file:" + key)) {
			Api api = Netlab.api(context);
			assertThat(api.get("/api/tls/certificate").body()).isEqualTo(first);
			int port = api.createListener("""
					{"name": "from-bundle", "framing": "line", "tls": {"enabled": true, "bundle": "lab"}}""");
			try (SSLSocket socket = tlsClient(trusting(first), port, "TLSv1.3")) {
				Sockets.write(socket, "bundled\n");
				assertThat(Sockets.readExactlyText(socket, 8)).isEqualTo("bundled\n");
			}
		}
	}

	/**
	 * A TLS 1.0 ClientHello: record version 3.1, client version 3.1, no session, two cipher
	 * suites (TLS_RSA_WITH_AES_128_CBC_SHA and the renegotiation SCSV), no compression, no extensions.
	 */
	private static final byte[] TLS10_CLIENT_HELLO = tls10ClientHello();

	private static byte[] tls10ClientHello() {
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		body.writeBytes(new byte[] { 0x03, 0x01 });
		body.writeBytes(Sockets.bytes(32, 7));
		body.writeBytes(new byte[] { 0x00, 0x00, 0x04, 0x00, 0x2f, 0x00, (byte) 0xff, 0x01, 0x00 });
		byte[] hello = body.toByteArray();
		byte[] handshake = Sockets.concat(new byte[] { 0x01, 0x00, 0x00, (byte) hello.length }, hello);
		return Sockets.concat(new byte[] { 0x16, 0x03, 0x01, 0x00, (byte) handshake.length }, handshake);
	}

	static SSLContext trusting(Api api) throws Exception {
		return trusting(api.get("/api/tls/certificate").body());
	}

	static SSLContext trusting(String pem) throws Exception {
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		trust.setCertificateEntry("netlab", certificate(pem));
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	private static X509Certificate certificate(String pem) throws Exception {
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
	}

	/** A client that checks the server's name ("localhost") like a browser or curl would. */
	static SSLSocket tlsClient(SSLContext context, int port, String... protocols) throws Exception {
		Socket plain = new Socket();
		plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
		socket.setSoTimeout(5000);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setProtocols(protocols);
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		parameters.setServerNames(java.util.List.of(new SNIHostName("localhost")));
		socket.setSSLParameters(parameters);
		return socket;
	}

}
