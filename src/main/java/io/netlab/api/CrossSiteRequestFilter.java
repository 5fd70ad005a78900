package io.netlab.api;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a web page from another site from changing netlab through the user's browser, with or
 * without a body: a mutating request ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE})
 * whose {@code Origin} is neither netlab's own nor in {@code netlab.api.allowed-origins}, or that
 * a browser marks {@code Sec-Fetch-Site: cross-site} or {@code same-site} without an
 * {@code Origin}, is refused with 403. Programs that send neither header (curl, Prometheus,
 * Spring Boot Admin) are not affected; reads are not either (without CORS the browser keeps
 * their answers from the foreign page).
 */
class CrossSiteRequestFilter extends OncePerRequestFilter {

	private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

	private static final int MAX_ORIGIN_SHOWN = 100;

	private final CorsConfiguration allowed = new CorsConfiguration();

	CrossSiteRequestFilter(List<String> allowedOrigins) {
		this.allowed.setAllowedOriginPatterns(allowedOrigins);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (MUTATING.contains(request.getMethod()) && isForeign(request)) {
			String origin = request.getHeader("Origin");
			String from = (origin != null) ? "from " + shown(origin) : "from another site (Sec-Fetch-Site)";
			Problems.write(request, response, HttpStatus.FORBIDDEN, "Cross-site request refused",
					"A web page " + from + " may not change netlab. Programs that send no Origin header are "
							+ "allowed; add a trusted page's origin to netlab.api.allowed-origins.");
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean isForeign(HttpServletRequest request) {
		String origin = request.getHeader("Origin");
		if (origin == null) {
			String site = request.getHeader("Sec-Fetch-Site");
			return "cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site);
		}
		return !isOwn(origin, request) && this.allowed.checkOrigin(origin) == null;
	}

	/** The console's own origin: the scheme of the request, and the host and port of its Host header. */
	private static boolean isOwn(String origin, HttpServletRequest request) {
		URI uri;
		try {
			uri = URI.create(origin.trim());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		String scheme = request.getScheme();
		String host = RequestGuardFilter.hostName(request.getHeader("Host"));
		if (uri.getScheme() == null || uri.getHost() == null || host == null
				|| !scheme.equalsIgnoreCase(uri.getScheme())) {
			return false;
		}
		String originHost = uri.getHost().toLowerCase(Locale.ROOT);
		if (originHost.startsWith("[")) {
			originHost = originHost.substring(1, originHost.length() - 1);
		}
		return originHost.equals(host) && port(uri.getPort(), scheme) == port(hostPort(request), scheme);
	}

	private static int hostPort(HttpServletRequest request) {
		String header = request.getHeader("Host").trim();
		int colon = header.lastIndexOf(':');
		if (colon < 0 || header.lastIndexOf(']') > colon) {
			return -1;
		}
		try {
			return Integer.parseInt(header.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			return -2;
		}
	}

	/** The port, or the scheme's default for -1 (none given); other negatives stay unequal to any port. */
	private static int port(int port, String scheme) {
		if (port != -1) {
			return port;
		}
		return "https".equalsIgnoreCase(scheme) ? 443 : 80;
	}

	private static String shown(@Nullable String origin) {
		String value = String.valueOf(origin);
		return (value.length() > MAX_ORIGIN_SHOWN) ? value.substring(0, MAX_ORIGIN_SHOWN) + "..." : value;
	}

}
