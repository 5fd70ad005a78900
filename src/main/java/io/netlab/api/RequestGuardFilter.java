package io.netlab.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a web page in the user's browser from driving the API: the {@code Host} header must be
 * a name netlab answers to (against DNS rebinding), and a request body must be JSON or YAML (so no
 * form or {@code text/plain} post can reach a controller; Toxiproxy's clients excepted, see
 * {@link #isToxiproxyClient}) and not bigger than the limit.
 */
class RequestGuardFilter extends OncePerRequestFilter {

	private final Set<String> allowedHosts;

	private final long maxBodyBytes;

	RequestGuardFilter(Set<String> allowedHosts, long maxBodyBytes) {
		this.allowedHosts = allowedHosts;
		this.maxBodyBytes = maxBodyBytes;
	}

	/** localhost, the loopback addresses, the bound address (every local one if a wildcard), and the extras. */
	static Set<String> allowedHosts(@Nullable InetAddress bound, Iterable<String> extra) {
		Set<String> hosts = new TreeSet<>();
		hosts.add("localhost");
		hosts.add("127.0.0.1");
		hosts.add("::1");
		if (bound != null && !bound.isAnyLocalAddress()) {
			hosts.add(bound.getHostAddress());
		}
		else {
			try {
				for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
					for (InetAddress address : Collections.list(nic.getInetAddresses())) {
						String text = address.getHostAddress();
						int scope = text.indexOf('%');
						hosts.add((scope >= 0) ? text.substring(0, scope) : text);
					}
				}
			}
			catch (SocketException ex) {
				// the loopback names still apply
			}
		}
		for (String host : extra) {
			hosts.add(host.toLowerCase(Locale.ROOT));
		}
		return Collections.unmodifiableSet(hosts);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String host = hostName(request.getHeader("Host"));
		if (host == null || !this.allowedHosts.contains(host)) {
			Problems.write(request, response, HttpStatus.BAD_REQUEST, "Unknown Host",
					"The Host header '" + request.getHeader("Host") + "' is not a name netlab answers to; "
							+ "add it to netlab.api.allowed-hosts if you reach netlab by that name.");
			return;
		}
		if (hasBody(request)) {
			if (request.getContentLengthLong() > this.maxBodyBytes) {
				Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
						"The request body has " + request.getContentLengthLong() + " bytes; at most "
								+ this.maxBodyBytes + " are accepted (netlab.api.max-body-bytes).");
				return;
			}
			if (!isJson(request.getContentType()) && !isToxiproxyClient(request)) {
				Problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
						"Request bodies must be JSON: send Content-Type: application/json (or application/yaml to /api/lab; got '"
								+ request.getContentType() + "').");
				return;
			}
			if (request.getContentLengthLong() < 0) {
				// chunked: no length up front, so read it here, at most one byte past the limit
				byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBodyBytes + 1));
				if (body.length > this.maxBodyBytes) {
					Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
							"The request body has more than " + this.maxBodyBytes
									+ " bytes, the most accepted (netlab.api.max-body-bytes).");
					return;
				}
				chain.doFilter(new CachedBodyRequest(request, body), response);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * A request whose body was already read into memory.
	 */
	private static final class CachedBodyRequest extends jakarta.servlet.http.HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public jakarta.servlet.ServletInputStream getInputStream() {
			java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(this.body);
			return new jakarta.servlet.ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(jakarta.servlet.ReadListener listener) {
					throw new IllegalStateException("asynchronous reads are not supported on a cached body");
				}

			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	/**
	 * Toxiproxy's clients post JSON without saying so (toxiproxy-java sends no content type, so
	 * the form default applies); on Toxiproxy's paths that is accepted from a client that is no
	 * browser: no {@code Origin}, no {@code Sec-Fetch-Mode}, which every browser sends with a post.
	 */
	private static boolean isToxiproxyClient(HttpServletRequest request) {
		String path = request.getRequestURI();
		boolean toxiproxyPath = path.equals("/proxies") || path.startsWith("/proxies/") || path.equals("/reset")
				|| path.equals("/populate");
		return toxiproxyPath && request.getHeader("Origin") == null && request.getHeader("Sec-Fetch-Mode") == null;
	}

	private static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			// application/yaml (PUT /api/lab) is, like JSON, not a type a form or a simple
			// cross-site request can send without a CORS preflight
			return MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json")
					|| MediaType.APPLICATION_YAML.isCompatibleWith(type);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** The host part of a Host header: {@code [::1]:8080} gives {@code ::1}, {@code Name:80} gives {@code name}. */
	static @Nullable String hostName(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String host = header.trim().toLowerCase(Locale.ROOT);
		if (host.startsWith("[")) {
			int end = host.indexOf(']');
			return (end > 0) ? host.substring(1, end) : null;
		}
		int colon = host.indexOf(':');
		if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
			host = host.substring(0, colon);
		}
		return host;
	}

}
