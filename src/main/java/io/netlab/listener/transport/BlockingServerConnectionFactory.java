package io.netlab.listener.transport;

import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.netlab.wire.FrameCodec;
import org.jspecify.annotations.Nullable;

/**
 * The {@code blocking} io mode: the shared accept loop, then one thread per connection reading
 * with blocking calls ({@link BlockingConnection}), TLS through the same {@link TlsLayer} as the
 * NIO mode. Reads and writes block without timeouts (a read timeout costs two system calls per
 * read); a sweeper, as often as the NIO loop sweeps, closes connections that broke a time limit.
 */
public class BlockingServerConnectionFactory extends ServerFactory {

	private final Map<BlockingConnection, Boolean> open = new ConcurrentHashMap<>();

	private volatile @Nullable ScheduledExecutorService sweeper;

	public BlockingServerConnectionFactory(int port, FrameCodec codec, ConnectionLimits limits) {
		super(port, codec, limits);
	}

	@Override
	protected void startServing() {
		long every = limits().sweepEveryMs();
		if (every > 0) {
			ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
				Thread thread = new Thread(runnable, "blocking-" + getComponentName() + "-sweeper");
				thread.setDaemon(true);
				return thread;
			});
			scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
			this.sweeper = scheduler;
		}
	}

	@Override
	protected void serve(SocketChannel channel) throws IOException {
		channel.configureBlocking(true);
		Socket socket = channel.socket();
		BlockingConnection connection = new BlockingConnection(socket, getApplicationEventPublisher(),
				getComponentName(), codec(), limits(), tlsSettings(), halfCloseListener(), directEcho(), this.open::remove);
		this.open.put(connection, Boolean.TRUE);
		try {
			getTaskExecutor().execute(initialize(connection, socket));
		}
		catch (RuntimeException ex) {
			connection.close(); // forgets it in both tables, and the socket with it
			throw ex;
		}
	}

	private void sweep() {
		long now = System.nanoTime();
		for (BlockingConnection connection : this.open.keySet()) {
			try {
				connection.sweep(now);
			}
			catch (RuntimeException ex) {
				this.logger.debug(ex, "Sweep failed");
			}
		}
	}

	@Override
	protected void stopServing() {
		ScheduledExecutorService scheduler = this.sweeper;
		this.sweeper = null;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		this.open.clear();
	}

}
