package io.netlab.bench;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

/**
 * The reference: a minimal Netty echo server with netlab's framings and socket options.
 * NIO transport, one acceptor thread and ONE I/O event loop shared by all listeners (netlab
 * runs one selector loop per listener when pinned to one CPU; only one listener is loaded at
 * a time), TCP_NODELAY on, SO_REUSEADDR on, backlog as netlab's listener, kernel default
 * buffer sizes, max message 65536 bytes like netlab's default limit. Beside it, on the port
 * named {@code blocking}, a hand-written thread-per-connection echo ({@link BlockingEchoServer}),
 * the reference for netlab's blocking io mode.
 *
 * <pre>
 * java -cp netlab-bench.jar io.netlab.bench.NettyEchoServer [CERT.pem KEY.pem]
 * </pre>
 * binds every listener on 127.0.0.1 port 0 and prints one line
 * {@code READY raw=P line=P length-prefix=P udp=P blocking=P scale=P conns=P [tls=P]}. With a PEM
 * certificate and PKCS#8 key it also serves TLS 1.3/1.2 (JDK provider, Netty's default cipher
 * list) in front of the raw echo, and prints {@code TLS-NEGOTIATED <protocol> <cipher>} the
 * first time a handshake ends with a pair it has not printed yet.
 */
public final class NettyEchoServer {

	static final int MAX_MESSAGE = 65536;

	static final int BACKLOG = 128;

	static final int SCALE_BACKLOG = 4096;

	private NettyEchoServer() {
	}

	private static final Set<String> NEGOTIATED = ConcurrentHashMap.newKeySet();

	public static void main(String[] args) throws Exception {
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		EventLoopGroup worker = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put("raw", tcp(boss, worker, "raw", BACKLOG));
		ports.put("line", tcp(boss, worker, "line", BACKLOG));
		ports.put("length-prefix", tcp(boss, worker, "length-prefix", BACKLOG));
		ports.put("udp", udp(worker));
		ports.put("blocking", BlockingEchoServer.start(BACKLOG));
		ports.put("scale", tcp(boss, worker, "raw", SCALE_BACKLOG));
		ports.put("conns", tcp(boss, worker, "raw", SCALE_BACKLOG));
		if (args.length == 2) {
			SslContext tls = tlsContext(new File(args[0]), new File(args[1]));
			ports.put("tls", tcp(boss, worker, "tls", BACKLOG, tls));
		}
		StringBuilder ready = new StringBuilder("READY");
		ports.forEach((name, port) -> ready.append(' ').append(name).append('=').append(port));
		System.out.println(ready);
		System.out.flush();
		Thread.currentThread().join();
	}

	/** The same protocols as netlab's listeners (TLS 1.3 and 1.2); the client picks the cipher. */
	private static SslContext tlsContext(File certificate, File key) throws SSLException {
		return SslContextBuilder.forServer(certificate, key)
			.sslProvider(SslProvider.JDK)
			.protocols("TLSv1.3", "TLSv1.2")
			.build();
	}

	private static int tcp(EventLoopGroup boss, EventLoopGroup worker, String framing, int backlog)
			throws InterruptedException {
		return tcp(boss, worker, framing, backlog, null);
	}

	private static int tcp(EventLoopGroup boss, EventLoopGroup worker, String framing, int backlog, SslContext tls)
			throws InterruptedException {
		ServerBootstrap bootstrap = new ServerBootstrap().group(boss, worker)
			.channel(NioServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, backlog)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel ch) {
					switch (framing) {
						case "raw" -> ch.pipeline().addLast(RawEcho.INSTANCE);
						case "line" -> ch.pipeline()
							.addLast(new LineBasedFrameDecoder(MAX_MESSAGE + 1, true, false), LineEcho.INSTANCE);
						case "length-prefix" -> ch.pipeline()
							.addLast(new LengthFieldBasedFrameDecoder(MAX_MESSAGE + 4, 0, 4, 0, 4),
									new LengthFieldPrepender(4), RawEcho.INSTANCE);
						case "tls" -> {
							SslHandler ssl = tls.newHandler(ch.alloc());
							ssl.handshakeFuture().addListener(done -> {
								if (done.isSuccess()) {
									printNegotiated(ssl.engine().getSession());
								}
							});
							ch.pipeline().addLast(ssl, RawEcho.INSTANCE);
						}
						default -> throw new IllegalArgumentException(framing);
					}
				}
			});
		Channel channel = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
		return ((InetSocketAddress) channel.localAddress()).getPort();
	}

	private static void printNegotiated(SSLSession session) {
		String pair = session.getProtocol() + " " + session.getCipherSuite();
		if (NEGOTIATED.add(pair)) {
			System.out.println("TLS-NEGOTIATED " + pair);
			System.out.flush();
		}
	}

	private static int udp(EventLoopGroup worker) throws InterruptedException {
		Bootstrap bootstrap = new Bootstrap().group(worker)
			.channel(NioDatagramChannel.class)
			.handler(UdpEcho.INSTANCE);
		Channel channel = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
		return ((InetSocketAddress) channel.localAddress()).getPort();
	}

	/** Echo what arrives (raw), or each decoded frame (length-prefix, re-framed by the prepender). */
	@Sharable
	static final class RawEcho extends ChannelInboundHandlerAdapter {

		static final RawEcho INSTANCE = new RawEcho();

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ctx.write(msg, ctx.voidPromise());
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

	/** Echo each line (delimiter stripped by the decoder) followed by LF, as netlab does. */
	@Sharable
	static final class LineEcho extends ChannelInboundHandlerAdapter {

		static final LineEcho INSTANCE = new LineEcho();

		private static final ByteBuf LF = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] { '\n' }));

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ctx.write(msg, ctx.voidPromise());
			ctx.write(LF.duplicate(), ctx.voidPromise());
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

	/** Send each datagram back to where it came from. */
	@Sharable
	static final class UdpEcho extends SimpleChannelInboundHandler<DatagramPacket> {

		static final UdpEcho INSTANCE = new UdpEcho();

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
			ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()), ctx.voidPromise());
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

	}

}
