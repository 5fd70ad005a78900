package io.netlab.listener;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

/**
 * Opens a forward listener's connections to its upstream: the target policy checked on the
 * address connected to, a bounded connect, and TLS when the spec asks for it.
 */
final class UpstreamConnector {

	static final int CONNECT_TIMEOUT_MS = 5000;

	private final UpstreamAddress upstream;

	private final UpstreamPolicy policy;

	/** Present when the spec asks for TLS to the upstream. */
	private final @Nullable UpstreamTlsClient tls;

	UpstreamConnector(ListenerSpec spec, UpstreamPolicy policy) {
		this.upstream = UpstreamAddress.parse(spec.upstream());
		this.policy = policy;
		ListenerSpec.UpstreamTls upstreamTls = spec.upstreamTls();
		this.tls = (upstreamTls != null && Boolean.TRUE.equals(upstreamTls.enabled()))
				? new UpstreamTlsClient(!Boolean.FALSE.equals(upstreamTls.verify())) : null;
	}

	/**
	 * Resolve, check the target policy on the addresses (a {@link SecurityException} if refused),
	 * connect, and start TLS if asked; an {@link SSLException} for a failed handshake.
	 */
	Socket connect() throws IOException {
		UpstreamAddress target = this.upstream;
		List<InetAddress> addresses;
		try {
			addresses = Arrays.asList(InetAddress.getAllByName(target.host()));
		}
		catch (UnknownHostException ex) {
			throw new NoRouteToHostException("cannot resolve " + target.host());
		}
		String refusal = this.policy.refusal(target.host(), addresses, target.port());
		if (refusal != null) {
			throw new SecurityException(refusal);
		}
		Socket upstreamSocket = new Socket();
		try {
			upstreamSocket.setTcpNoDelay(true);
			upstreamSocket.connect(new InetSocketAddress(addresses.get(0), target.port()), CONNECT_TIMEOUT_MS);
		}
		catch (IOException ex) {
			closeQuietly(upstreamSocket);
			throw (ex instanceof ConnectException || ex instanceof SocketTimeoutException) ? ex
					: new ConnectException(ex.getMessage());
		}
		if (this.tls == null) {
			return upstreamSocket;
		}
		try {
			// the handshake may wait on the upstream: bounded like the connect
			upstreamSocket.setSoTimeout(CONNECT_TIMEOUT_MS);
			Socket secured = this.tls.start(upstreamSocket, target.host(), target.port());
			secured.setSoTimeout(0);
			return secured;
		}
		catch (IOException ex) {
			closeQuietly(upstreamSocket);
			throw (ex instanceof SSLException) ? ex : new SSLException("TLS to the upstream failed: " + ex, ex);
		}
	}

	static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing left to do
		}
	}

}
