package io.netlab.probe;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/resolve?host=}: what the resolver answers for a name (or an address literal),
 * every address in its order, each classified and looked up in reverse. Lookups block, so this
 * runs on the request thread.
 */
@RestController
class ResolveController {

	private final Resolver resolver;

	ResolveController(Resolver resolver) {
		this.resolver = resolver;
	}

	@GetMapping(path = "/api/resolve", produces = MediaType.APPLICATION_JSON_VALUE)
	Resolved resolve(@RequestParam String host) {
		Resolver.Resolution resolution;
		try {
			resolution = this.resolver.resolve(host.trim());
		}
		catch (UnknownHostException ex) {
			String message = ex.getMessage();
			throw ProbeException.unknownHost(host, (message == null || message.equals(host)) ? "no such host" : message);
		}
		List<Address> addresses = resolution.addresses().stream().map(this::describe).toList();
		return new Resolved(host, resolution.literal(), ProbeResult.Timings.millis(resolution.nanos()), addresses);
	}

	private Address describe(InetAddress address) {
		long start = System.nanoTime();
		String reverse = this.resolver.reverse(address);
		double reverseMs = ProbeResult.Timings.millis(System.nanoTime() - start);
		return new Address(address.getHostAddress(), (address instanceof Inet4Address) ? "ipv4" : "ipv6",
				AddressClass.of(address), reverse, reverseMs);
	}

	/**
	 * The answer for one host.
	 *
	 * @param host what was asked
	 * @param literal whether it was an address already (then only the reverse lookup is done)
	 * @param lookupMs how long the forward lookup took (the JVM caches answers)
	 * @param addresses every address, in the resolver's order
	 */
	record Resolved(String host, boolean literal, double lookupMs, List<Address> addresses) {
	}

	/**
	 * One address of the answer.
	 *
	 * @param address the address
	 * @param family ipv4 or ipv6
	 * @param addressClass loopback, private, link-local, multicast, unspecified, public, ...
	 * @param reverseName the name a reverse (PTR) lookup gives, or null if none
	 * @param reverseLookupMs how long the reverse lookup took
	 */
	record Address(String address, String family, @JsonProperty("class") AddressClass addressClass,
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String reverseName, double reverseLookupMs) {
	}

}
