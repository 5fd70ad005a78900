package io.netlab.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.netlab.config.NetlabProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated certificate as the JDK reads it: a valid self-signed X.509 v3 server
 * certificate for the lab's names, whose PEM key signs what the certificate verifies.
 */
class GeneratedCertificateTests {

	@TempDir
	Path dataDir;

	@Test
	void certificateIsSelfSignedForTheLabsNamesAndServersOnly() throws Exception {
		GeneratedCertificate generated = new GeneratedCertificate(new NetlabProperties(this.dataDir),
				new TlsProperties(List.of("lab.example", "192.0.2.7")));

		X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(generated.certificatePem().getBytes(StandardCharsets.US_ASCII)));

		certificate.verify(certificate.getPublicKey());
		certificate.checkValidity();
		assertThat(certificate.getVersion()).isEqualTo(3);
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=netlab self-signed,O=netlab");
		assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
		assertThat(certificate.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(364)));
		assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> name.get(0) + " " + name.get(1))
			.containsExactly("2 localhost", "7 127.0.0.1", "7 0:0:0:0:0:0:0:1", "2 lab.example", "7 192.0.2.7");
		assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
		assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
		assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
		assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
		assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");

		String keyPem = Files.readString(this.dataDir.resolve("tls/netlab-key.pem"));
		byte[] key = Base64.getMimeDecoder()
			.decode(keyPem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key)));
		signer.update(new byte[] { 1, 2, 3 });
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(certificate);
		verifier.update(new byte[] { 1, 2, 3 });
		assertThat(verifier.verify(signer.sign())).isTrue();
		assertThat(generated.bundle().getStores().getKeyStore().size()).isEqualTo(1);
	}

}
