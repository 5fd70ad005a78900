package io.netlab.support;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;

import io.netlab.NetlabApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a netlab of a test's own (a random HTTP port, a given data directory), for tests
 * about startup and restarts that the shared context cannot show.
 */
public final class Netlab {

	private Netlab() {
	}

	public static ConfigurableApplicationContext start(Path dataDir, String... extra) {
		String[] args = new String[extra.length + 3];
		args[0] = "--server.port=0";
		args[1] = "--netlab.data-dir=" + dataDir;
		args[2] = "--spring.jmx.enabled=false";
		System.arraycopy(extra, 0, args, 3, extra.length);
		return new SpringApplicationBuilder(NetlabApplication.class).run(args);
	}

	public static Api api(ConfigurableApplicationContext context) {
		return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	/** Whether this machine has an IPv6 loopback to bind and connect to. */
	public static boolean hasIpv6Loopback() {
		try {
			InetAddress loopback = InetAddress.getByName("::1");
			return loopback instanceof Inet6Address && NetworkInterface.getByInetAddress(loopback) != null;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
