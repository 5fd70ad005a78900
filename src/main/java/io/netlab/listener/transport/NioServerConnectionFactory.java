package io.netlab.listener.transport;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import io.netlab.wire.FrameCodec;

/**
 * netlab's NIO server transport under Spring Integration's TCP endpoints: the shared accept
 * loop, and a few selector loops that frame in bulk and run the flow on the loop thread, with
 * none of the two hand-offs and per-byte reads of {@code TcpNioServerConnectionFactory}.
 * Connections are ordinary {@code TcpConnection}s with ids, events, close and half-close, so the
 * code above the transport works with it unchanged.
 */
public class NioServerConnectionFactory extends ServerFactory {

	private final int loopCount;

	private volatile NioEventLoop[] loops = new NioEventLoop[0];

	/** Accept thread only: round-robin position. */
	private int nextLoop;

	public NioServerConnectionFactory(int port, FrameCodec codec, ConnectionLimits limits, int loopCount) {
		super(port, codec, limits);
		this.loopCount = loopCount;
	}

	@Override
	protected void startServing() throws IOException {
		NioEventLoop[] newLoops = new NioEventLoop[this.loopCount];
		try {
			for (int i = 0; i < newLoops.length; i++) {
				newLoops[i] = new NioEventLoop("nio-" + getComponentName() + "-" + i, limits(), codec(),
						health());
				newLoops[i].start();
			}
		}
		catch (IOException | RuntimeException ex) {
			shutdown(newLoops);
			throw ex;
		}
		this.loops = newLoops;
	}

	@Override
	protected void serve(SocketChannel channel) {
		NioEventLoop[] current = this.loops;
		NioEventLoop loop = current[Math.floorMod(this.nextLoop++, current.length)];
		NioConnection connection = new NioConnection(channel, loop, this, getApplicationEventPublisher(),
				getComponentName());
		initialize(connection, channel.socket());
		connection.publishOpened();
		if (connection.isOpen()) {
			loop.execute(connection::register);
		}
	}

	@Override
	protected void stopServing() {
		NioEventLoop[] current = this.loops;
		this.loops = new NioEventLoop[0];
		shutdown(current);
	}

	private static void shutdown(NioEventLoop[] loops) {
		for (NioEventLoop loop : loops) {
			if (loop != null) {
				loop.shutdown();
			}
		}
	}

}
