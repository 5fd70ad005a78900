package io.netlab.tls;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.netlab.config.NetlabProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
			X500Name subject = new X500Name("CN=netlab self-signed,O=netlab");
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
					new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic());
			builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names()));
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
			Files.createDirectories(this.certificateFile.getParent());
			PemFiles.write(this.keyFile, PemFiles.pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate()), true);
			PemFiles.write(this.certificateFile, PemFiles.pem(certificate), false);
			logger.info("Generated a self-signed TLS certificate for " + describe() + " in " + this.certificateFile);
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException("Cannot generate the TLS certificate in " + this.certificateFile.getParent()
					+ ": " + ex.getMessage(), ex);
		}
	}

	private GeneralName[] names() throws IOException {
		List<GeneralName> names = new ArrayList<>();
		names.add(new GeneralName(GeneralName.dNSName, "localhost"));
		names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
		names.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName("::1").getHostAddress()));
		for (String host : this.hostNames) {
			boolean literal = host.matches("[0-9.]+|.*:.*");
			names.add(new GeneralName(literal ? GeneralName.iPAddress : GeneralName.dNSName, host));
		}
		return names.toArray(GeneralName[]::new);
	}

	private String describe() {
		List<String> all = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
		all.addAll(this.hostNames);
		return String.join(", ", all);
	}

}
