package io.netlab.probe;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * netlab on a random HTTP port with its own listeners on ephemeral ports, one per framing, so
 * that tests never bind 7007 nor read {@code ./application.yml} nor write {@code ./data}. Test
 * classes with this annotation share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.config.location=classpath:/application.yml",
		"netlab.data-dir=${java.io.tmpdir}/netlab-probe-tests",
		"netlab.nio-loops=1",
		"netlab.listeners[0].name=echo-raw", "netlab.listeners[0].port=0", "netlab.listeners[0].framing=raw",
		"netlab.listeners[1].name=echo-line", "netlab.listeners[1].port=0", "netlab.listeners[1].framing=line",
		"netlab.listeners[2].name=echo-crlf", "netlab.listeners[2].port=0", "netlab.listeners[2].framing=crlf",
		"netlab.listeners[3].name=echo-stx-etx", "netlab.listeners[3].port=0", "netlab.listeners[3].framing=stx-etx",
		"netlab.listeners[4].name=echo-length-prefix", "netlab.listeners[4].port=0",
		"netlab.listeners[4].framing=length-prefix", "netlab.listeners[4].length-header-bytes=2",
		"netlab.listeners[5].name=echo-blocking-line", "netlab.listeners[5].port=0",
		"netlab.listeners[5].framing=line", "netlab.listeners[5].io=blocking",
		"netlab.listeners[6].name=echo-udp", "netlab.listeners[6].protocol=udp", "netlab.listeners[6].port=0",
		"netlab.probes.max-concurrent-runs=2" })
@interface ProbeIntegrationTest {

}
