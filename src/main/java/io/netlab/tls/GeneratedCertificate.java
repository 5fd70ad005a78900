package io.netlab.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.netlab.config.NetlabProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.stereotype.Component;

/**
 * The self-signed certificate of TLS listeners that name no bundle: generated at first use
 * (EC P-256, for localhost, 127.0.0.1, ::1 and the configured host names, valid one year),
 * kept under the data directory as PEM (the key readable by its owner only) and reused on
 * every later start, unless it expires within a week: then it is renewed at start.
 */
@Component
public class GeneratedCertificate implements InitializingBean {

	private static final Log logger = LogFactory.getLog(GeneratedCertificate.class);

	/** A certificate that expires sooner than this is renewed at start. */
	static final Duration RENEW_BEFORE = Duration.ofDays(7);


	private final Path certificateFile;

	private final Path keyFile;

	private final List<String> hostNames;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile SslBundle bundle;

	GeneratedCertificate(NetlabProperties netlab, TlsProperties tls) {
		Path directory = netlab.dataDir().resolve("tls").toAbsolutePath();
		this.certificateFile = directory.resolve("netlab-cert.pem");
		this.keyFile = directory.resolve("netlab-key.pem");
		this.hostNames = tls.hostNames();
	}

	/** At start: renew a certificate generated earlier that expires within {@link #RENEW_BEFORE}. */
	@Override
	public void afterPropertiesSet() {
		if (!Files.exists(this.certificateFile) || !Files.exists(this.keyFile)) {
			return;
		}
		Instant notAfter;
		try (InputStream in = Files.newInputStream(this.certificateFile)) {
			notAfter = ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getNotAfter()
				.toInstant();
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			logger.warn("Cannot read the generated TLS certificate " + this.certificateFile + " (" + ex.getMessage()
					+ "); TLS listeners without a bundle will fail until it is repaired or removed");
			return;
		}
		if (notAfter.isBefore(Instant.now().plus(RENEW_BEFORE))) {
			logger.info("The generated TLS certificate " + this.certificateFile + " expires at " + notAfter
					+ "; renewing it");
			this.lock.lock();
			try {
				generate();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/** The certificate in PEM, generating it if there is none yet. */
	public String certificatePem() {
		bundle();
		return PemFiles.read(this.certificateFile);
	}

	/** The certificate and its key as an SSL bundle, generating them if there are none yet. */
	public SslBundle bundle() {
		SslBundle current = this.bundle;
		if (current != null) {
			return current;
		}
		this.lock.lock();
		try {
			if (this.bundle == null) {
				if (!Files.exists(this.certificateFile) || !Files.exists(this.keyFile)) {
					generate();
				}
				this.bundle = SslBundle.of(new PemSslStoreBundle(
						PemSslStoreDetails.forCertificate(PemFiles.read(this.certificateFile)).withPrivateKey(PemFiles.read(this.keyFile)),
						null));
			}
			return this.bundle;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256, new SecureRandom());
			KeyPair keys = generator.generateKeyPair();
			X509Certificate certificate = selfSigned(keys);
			Files.createDirectories(this.certificateFile.getParent());
			PemFiles.write(this.keyFile, PemFiles.pem("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
			PemFiles.write(this.certificateFile, PemFiles.pem("CERTIFICATE", certificate.getEncoded()), false);
			logger.info("Generated a self-signed TLS certificate for " + describe() + " in " + this.certificateFile);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Cannot generate the TLS certificate in " + this.certificateFile.getParent()
					+ ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * An X.509 v3 certificate (RFC 5280) for {@code keys}, signed by them: subject and issuer
	 * "CN=netlab self-signed, O=netlab", the names as subject alternative names, not a CA,
	 * for digital signatures of TLS servers.
	 */
	private X509Certificate selfSigned(KeyPair keys) throws GeneralSecurityException, IOException {
		byte[] signatureAlgorithm = Der.sequence(Der.oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
		// most significant first: O=netlab, then CN (shown as "CN=netlab self-signed,O=netlab")
		byte[] name = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid("2.5.4.10"), Der.utf8("netlab"))),
				Der.tlv(Der.SET, Der.sequence(Der.oid("2.5.4.3"), Der.utf8("netlab self-signed"))));
		ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
		byte[] extensions = Der.sequence(
				extension("2.5.29.17", false, Der.sequence(names())),
				extension("2.5.29.19", true, Der.sequence()),
				// keyUsage digitalSignature: bit 0, seven unused bits
				extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] { 7, (byte) 0x80 })),
				extension("2.5.29.37", false, Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"))));
		byte[] tbs = Der.sequence(Der.tlv(0xa0, Der.tlv(Der.INTEGER, new byte[] { 2 })),
				Der.tlv(Der.INTEGER, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
				signatureAlgorithm, name,
				Der.sequence(Der.time(now.minus(Duration.ofHours(1))), Der.time(now.plus(Duration.ofDays(365)))), name,
				keys.getPublic().getEncoded(), Der.tlv(0xa3, extensions));
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(keys.getPrivate());
		signer.update(tbs);
		byte[] der = Der.sequence(tbs, signatureAlgorithm, Der.bits(signer.sign()));
		X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(der));
		certificate.verify(keys.getPublic());
		return certificate;
	}

	private static byte[] extension(String oid, boolean critical, byte[] value) {
		return critical ? Der.sequence(Der.oid(oid), Der.tlv(Der.BOOLEAN, new byte[] { (byte) 0xff }),
				Der.tlv(Der.OCTET_STRING, value)) : Der.sequence(Der.oid(oid), Der.tlv(Der.OCTET_STRING, value));
	}

	/** localhost, 127.0.0.1, ::1 and the configured names: [2] dNSName, [7] iPAddress. */
	private byte[][] names() throws IOException {
		List<byte[]> names = new ArrayList<>();
		for (String host : allNames()) {
			boolean literal = host.matches("[0-9.]+|.*:.*");
			names.add(literal ? Der.tlv(0x87, InetAddress.getByName(host).getAddress())
					: Der.tlv(0x82, host.getBytes(StandardCharsets.US_ASCII)));
		}
		return names.toArray(byte[][]::new);
	}

	private String describe() {
		return String.join(", ", allNames());
	}

	private List<String> allNames() {
		List<String> all = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
		all.addAll(this.hostNames);
		return all;
	}

}
