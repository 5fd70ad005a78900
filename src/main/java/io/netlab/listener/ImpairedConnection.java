package io.netlab.listener;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

import io.netlab.impair.ConnectionControl;

import org.springframework.integration.ip.tcp.connection.SocketInfo;
import org.springframework.integration.ip.tcp.connection.TcpConnection;

/**
 * What an impairment may do to a TCP connection of a listener: close it, or reset it, its
 * close counted with reason {@code impairment}. Called from the impairment scheduler's thread
 * or a socket thread; closing a connection is safe from any thread.
 */
final class ImpairedConnection implements ConnectionControl {

	private final TcpConnection connection;

	private final ConnectionRecord record;

	ImpairedConnection(TcpConnection connection, ConnectionRecord record) {
		this.connection = connection;
		this.record = record;
	}

	@Override
	public void close() {
		markClosedByImpairment();
		this.connection.close();
	}

	@Override
	public void reset() {
		markClosedByImpairment();
		SocketInfo socket = this.connection.getSocketInfo();
		SocketChannel channel = (socket != null) ? socket.getChannel() : null;
		if (channel != null) {
			try {
				// SO_LINGER 0: the close discards what is unsent and sends RST instead of FIN
				channel.setOption(StandardSocketOptions.SO_LINGER, 0);
			}
			catch (IOException | RuntimeException ex) {
				// closed already: nothing to reset
			}
		}
		this.connection.close();
	}

	private void markClosedByImpairment() {
		if (this.record.closeReason == null) {
			this.record.closeReason = CloseReason.IMPAIRMENT;
		}
	}

	/** Forward: the upstream side is connected; the connection's record shows it. */
	void upstreamConnected(String description) {
		this.record.upstream = description;
	}

	/** Close the connection for another reason than an impairment (a forward's upstream failed). */
	void closeAs(CloseReason reason) {
		if (this.record.closeReason == null) {
			this.record.closeReason = reason;
		}
		this.connection.close();
	}

}
