package io.netlab.api;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The control plane's protection: when an API token is configured, every mutating request
 * under {@code /api}, {@code /actuator} and Toxiproxy's paths, every {@code /probe} (it sends
 * traffic), and every read that helps an attack (Actuator beyond health, info and prometheus;
 * {@code /api/resolve}, which makes DNS queries), needs {@code Authorization: Bearer <token>};
 * every request passes the Host, cross-site and body checks; no sessions, no cookies, no CORS.
 * Binding HTTP beyond loopback without a token is refused at startup.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

	private static final List<HttpMethod> MUTATING = List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
			HttpMethod.DELETE);

	/** Actuator endpoints scrapers and probes read without a token; every other one needs it. */
	private static final Set<String> OPEN_ACTUATOR_ENDPOINTS = Set.of("health", "info", "prometheus");

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiToken token, ApiProperties properties,
			ServerProperties server) throws Exception {
		InetAddress bound = server.getAddress();
		if (!token.configured() && (bound == null || !bound.isLoopbackAddress())) {
			throw new InsecureBindingException(bound);
		}
		// GET /probe sends traffic like POST /api/probes does, so it needs the token too
		RequestMatcher mutating = request -> request.getRequestURI().equals("/probe")
				|| MUTATING.contains(HttpMethod.valueOf(request.getMethod()))
						&& (request.getRequestURI().startsWith("/api/") || request.getRequestURI().startsWith("/actuator")
								|| isToxiproxyPath(request.getRequestURI()));
		http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new RequestGuardFilter(RequestGuardFilter.allowedHosts(bound, properties.allowedHosts()),
					properties.maxBodyBytes()), SecurityContextHolderFilter.class)
			.addFilterBefore(new CrossSiteRequestFilter(properties.allowedOrigins()), SecurityContextHolderFilter.class)
			.addFilterBefore(new BearerTokenFilter(token), AuthorizationFilter.class)
			.authorizeHttpRequests(requests -> {
				if (token.configured()) {
					requests.requestMatchers(mutating).authenticated();
					requests.requestMatchers(ApiSecurityConfig::isSensitiveRead).authenticated();
				}
				requests.anyRequest().permitAll();
			})
			.exceptionHandling(errors -> errors
				.authenticationEntryPoint((request, response, ex) -> Problems.write(request, response,
						HttpStatus.UNAUTHORIZED, "Unauthorized",
						"This request needs the API token: send the header "
								+ "'Authorization: Bearer <token>' with the value of NETLAB_API_TOKEN."))
				.accessDeniedHandler((request, response, ex) -> Problems.write(request, response,
						HttpStatus.FORBIDDEN, "Forbidden", "This request is not allowed.")));
		return http.build();
	}

	/** Toxiproxy's API changes proxies as /api changes listeners: the same token applies. */
	private static boolean isToxiproxyPath(String path) {
		return path.equals("/proxies") || path.startsWith("/proxies/") || path.equals("/reset")
				|| path.equals("/populate");
	}

	/**
	 * Whether a read tells more than a scraper needs: any Actuator endpoint but the open ones
	 * (the firewall has already refused {@code ..}, {@code ;} and encoded slashes), and DNS look-ups.
	 */
	static boolean isSensitiveRead(HttpServletRequest request) {
		String path = request.getRequestURI();
		if (path.equals("/api/resolve") || path.startsWith("/api/resolve/")) {
			return true;
		}
		if (!path.startsWith("/actuator/")) {
			return false;
		}
		String rest = path.substring("/actuator/".length());
		int slash = rest.indexOf('/');
		return !OPEN_ACTUATOR_ENDPOINTS.contains((slash >= 0) ? rest.substring(0, slash) : rest);
	}

	/**
	 * Authenticates a request that carries the right bearer token; a missing or wrong token
	 * leaves it anonymous, so only the requests that need the token are refused.
	 */
	static final class BearerTokenFilter extends OncePerRequestFilter {

		private final ApiToken token;

		BearerTokenFilter(ApiToken token) {
			this.token = token;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String header = request.getHeader("Authorization");
			if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
					&& this.token.matches(header.substring(7).trim())) {
				SecurityContextHolder.getContext()
					.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("api", null,
							AuthorityUtils.createAuthorityList("ROLE_API")));
			}
			chain.doFilter(request, response);
		}

	}

}
