package io.netlab.tls;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import io.netlab.support.Netlab;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The certificate netlab generates for TLS listeners: its private key is never readable by
 * other users, and a certificate about to expire is replaced when netlab starts.
 */
class GeneratedCertificateIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void keyIsCreatedReadableByItsOwnerOnlyAndNeverThroughALeftOverTemporaryFile() throws Exception {
		Path tls = Files.createDirectories(this.dataDir.resolve("tls"));
		// someone who can write the data directory leaves the temporary name pointing at a file
		// they can read: the key must not go there, not even for a moment
		Path bait = Files.writeString(this.dataDir.resolve("bait.txt"), "");
		Files.setPosixFilePermissions(bait, PosixFilePermissions.fromString("rw-r--r--"));
		Files.createSymbolicLink(tls.resolve("netlab-key.pem.tmp"), bait);

		try (ConfigurableApplicationContext context = Netlab.start(this.dataDir)) {
			assertThat(Netlab.api(context).get("/api/tls/certificate").status()).isEqualTo(200);
		}

		assertThat(Files.readString(bait)).isEmpty();
		Path key = tls.resolve("netlab-key.pem");
		assertThat(Files.isSymbolicLink(key)).isFalse();
		assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
		assertThat(tls.resolve("netlab-key.pem.tmp")).doesNotExist();
	}

	@Test
	void certificateExpiringWithinAWeekIsRenewedAtStart() throws Exception {
		String old = writeCertificate(Duration.ofDays(3));

		try (ConfigurableApplicationContext context = Netlab.start(this.dataDir)) {
			// renewed at start, before anything asked for it
			String renewed = Files.readString(this.dataDir.resolve("tls/netlab-cert.pem"));
			assertThat(renewed).isNotEqualTo(old);
			assertThat(Netlab.api(context).get("/api/tls/certificate").body()).isEqualTo(renewed);
			assertThat(certificate(renewed).getNotAfter().toInstant())
				.isAfter(Instant.now().plus(Duration.ofDays(300)));
		}
		assertThat(PosixFilePermissions.toString(
				Files.getPosixFilePermissions(this.dataDir.resolve("tls/netlab-key.pem")))).isEqualTo("rw-------");
	}

	@Test
	void certificateValidForLongerIsKept() throws Exception {
		String current = writeCertificate(Duration.ofDays(30));

		try (ConfigurableApplicationContext context = Netlab.start(this.dataDir)) {
			assertThat(Netlab.api(context).get("/api/tls/certificate").body()).isEqualTo(current);
		}
	}

	/** A certificate and key as netlab keeps them, valid from an hour ago for this long. */
	private String writeCertificate(Duration validFor) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(256);
		KeyPair keys = generator.generateKeyPair();
		X500Name subject = new X500Name("CN=old netlab certificate");
		Instant now = Instant.now();
		X509Certificate certificate = new JcaX509CertificateConverter()
			.getCertificate(new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
					Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validFor)), subject, keys.getPublic())
				.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
		Path tls = Files.createDirectories(this.dataDir.resolve("tls"));
		String pem = pem(certificate);
		Files.writeString(tls.resolve("netlab-cert.pem"), pem);
		Files.writeString(tls.resolve("netlab-key.pem"), pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate()));
		Files.setPosixFilePermissions(tls.resolve("netlab-key.pem"), PosixFilePermissions.fromString("rw-------"));
		return pem;
	}

	private static String pem(Object object) throws Exception {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		return text.toString();
	}

	private static X509Certificate certificate(String pem) throws Exception {
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
	}

}
