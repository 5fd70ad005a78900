package io.netlab.probe;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.netlab.wire.Protocol;
import io.netlab.wire.FrameAssembler;
import org.jspecify.annotations.Nullable;

/**
 * One TCP probe, optionally over TLS, on a blocking socket: connect (trying the checked
 * addresses in order), hand-shake, send one framed message, read one reply. Runs on the
 * caller's thread; every step is bounded by what is left of the plan's timeout. One instance
 * per probe, not shared.
 */
final class TcpProbe {

	private final ProbePlan plan;

	private final int maxReplyBytes;

	private final long start = System.nanoTime();

	private final long deadline;

	private String phase = "connect";

	private @Nullable InetSocketAddress remote;

	private @Nullable InetSocketAddress local;

	private long connectNanos = -1;

	private long tlsNanos = -1;

	private long firstByteNanos = -1;

	private long bytesSent;

	private long bytesReceived;

	private ProbeResult.@Nullable TlsSession session;

	TcpProbe(ProbePlan plan, int maxReplyBytes) {
		this.plan = plan;
		this.maxReplyBytes = maxReplyBytes;
		this.deadline = this.start + TimeUnit.MILLISECONDS.toNanos(plan.timeoutMs());
	}

	ProbeResult run() {
		Socket socket = null;
		try {
			socket = connect();
			Socket io = (this.plan.tls() != null) ? handshake(socket) : socket;
			socket = io;
			byte[] frame = this.plan.frame();
			this.phase = "send";
			OutputStream out = io.getOutputStream();
			out.write(frame);
			out.flush();
			this.bytesSent = frame.length;
			long sentAt = System.nanoTime();
			if (this.plan.halfClose()) {
				io.shutdownOutput();
			}
			else if (frame.length == 0) {
				return result(null, null, null);
			}
			this.phase = "reply";
			byte[] reply = readReply(io.getInputStream(), io, sentAt);
			Expect expect = this.plan.expect();
			String text = ProbeResult.text(reply);
			if (expect != null && !expect.matches(text)) {
				return result(reply, ProbeError.MISMATCH,
						"The reply " + quote(text) + " does not match the expected " + expect.describe() + ".");
			}
			return result(reply, null, null);
		}
		catch (IOException ex) {
			ProbeError error = ProbeError.of(ex);
			return result(null, error, message(error, ex));
		}
		finally {
			close(socket);
		}
	}

	private Socket connect() throws IOException {
		IOException last = null;
		for (InetAddress address : this.plan.addresses()) {
			InetSocketAddress target = this.plan.target(address);
			this.remote = target;
			Socket socket = new Socket();
			long connectStart = System.nanoTime();
			try {
				socket.setTcpNoDelay(true);
				socket.connect(target, remainingMillis());
				this.connectNanos = System.nanoTime() - connectStart;
				this.local = (InetSocketAddress) socket.getLocalSocketAddress();
				return socket;
			}
			catch (IOException ex) {
				close(socket);
				last = ex;
				if (ProbeError.of(ex) == ProbeError.TIMEOUT || System.nanoTime() - this.deadline >= 0) {
					break;
				}
			}
		}
		throw (last != null) ? last : new SocketTimeoutException("connect timed out");
	}

	private SSLSocket handshake(Socket socket) throws IOException {
		this.phase = "TLS handshake";
		ProbeRequest.Tls tls = this.plan.tls();
		String serverName = (tls.serverName() != null) ? tls.serverName() : this.plan.host();
		boolean sni = !Resolver.isLiteral(serverName);
		long handshakeStart = System.nanoTime();
		SSLSocket ssl = TlsClient.handshake(socket, serverName, sni, this.plan.port(),
				Boolean.TRUE.equals(tls.insecure()), remainingMillis());
		this.tlsNanos = System.nanoTime() - handshakeStart;
		this.session = TlsClient.describe(ssl.getSession());
		return ssl;
	}

	/**
	 * Read one reply: a complete frame; with raw framing what arrives until as many bytes as
	 * were sent came back, EOF or the timeout; with half-close everything up to EOF.
	 */
	private byte[] readReply(InputStream in, Socket socket, long sentAt) throws IOException {
		boolean raw = this.plan.raw();
		boolean toEof = this.plan.halfClose();
		ByteBuffer buffer = ByteBuffer.allocate(Math.min(Math.max(2 * (int) this.bytesSent, 8192), this.maxReplyBytes + 16));
		FrameAssembler assembler = raw ? null : this.plan.codec().newAssembler(buffer.capacity());
		while (true) {
			int left = remainingMillis();
			if (left <= 0) {
				return partialOrTimeout(buffer, raw && !toEof);
			}
			socket.setSoTimeout(left);
			if (!buffer.hasRemaining()) {
				if (buffer.capacity() >= this.maxReplyBytes + 16) {
					return Arrays.copyOf(buffer.array(), buffer.position()); // the rest is not read
				}
				buffer = ByteBuffer.allocate(Math.min(buffer.capacity() * 2, this.maxReplyBytes + 16)).put(buffer.flip());
			}
			int n;
			try {
				n = in.read(buffer.array(), buffer.position(), buffer.remaining());
			}
			catch (SocketTimeoutException ex) {
				return partialOrTimeout(buffer, raw && !toEof);
			}
			if (n < 0) {
				return atEndOfStream(buffer, assembler);
			}
			if (this.firstByteNanos < 0) {
				this.firstByteNanos = System.nanoTime() - sentAt;
			}
			buffer.position(buffer.position() + n);
			this.bytesReceived += n;
			if (toEof) {
				continue;
			}
			if (raw) {
				if (buffer.position() >= this.bytesSent) {
					return Arrays.copyOf(buffer.array(), buffer.position());
				}
				continue;
			}
			assembler.receive(buffer.flip());
			byte[] frame = assembler.next();
			buffer.clear();
			if (frame != null) {
				return frame;
			}
		}
	}

	private byte[] partialOrTimeout(ByteBuffer buffer, boolean rawPartialIsReply) throws SocketTimeoutException {
		if (rawPartialIsReply && buffer.position() > 0) {
			return Arrays.copyOf(buffer.array(), buffer.position());
		}
		throw new SocketTimeoutException("timed out");
	}

	private byte[] atEndOfStream(ByteBuffer buffer, @Nullable FrameAssembler assembler) throws IOException {
		if (assembler == null) {
			if (buffer.position() == 0 && !this.plan.halfClose()) {
				throw new EOFException("before replying");
			}
			return Arrays.copyOf(buffer.array(), buffer.position());
		}
		byte[] frame = assembler.next();
		if (frame == null) {
			throw new EOFException("after " + this.bytesReceived + " bytes, before a complete "
					+ this.plan.codec().framing().wireName() + " frame");
		}
		return frame;
	}

	private int remainingMillis() {
		long left = this.deadline - System.nanoTime();
		return (left <= 0) ? 0 : (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
	}

	private String message(ProbeError error, IOException ex) {
		String target = (this.remote != null) ? ProbePlan.format(this.remote) : this.plan.host();
		return switch (error) {
			case REFUSED -> "Connection refused by " + target + ": nothing listens there.";
			case TIMEOUT -> "No answer within " + this.plan.timeoutMs() + " ms (" + this.phase + ").";
			case RESET -> "The connection was reset by " + target + " (" + this.phase + ").";
			case TLS -> "The TLS handshake with " + target + " failed: " + ex.getMessage();
			case CLOSED -> target + " closed the connection " + ex.getMessage() + ".";
			default -> this.phase + " failed: " + ex.getMessage();
		};
	}

	private ProbeResult result(byte @Nullable [] reply, @Nullable ProbeError error, @Nullable String message) {
		long total = System.nanoTime() - this.start + this.plan.resolveNanos();
		ProbeResult.Timings timings = new ProbeResult.Timings(ProbeResult.Timings.millis(this.plan.resolveNanos()),
				ProbeResult.Timings.millisOrNull(this.connectNanos), ProbeResult.Timings.millisOrNull(this.tlsNanos),
				ProbeResult.Timings.millisOrNull(this.firstByteNanos), ProbeResult.Timings.millis(total));
		return new ProbeResult(error == null, error, message, Protocol.TCP, ProbePlan.format(this.remote),
				ProbePlan.format(this.local), this.bytesSent, this.bytesReceived, ProbeResult.text(reply),
				ProbeResult.base64(reply), timings, this.session);
	}

	static String quote(@Nullable String text) {
		if (text == null) {
			return "(none)";
		}
		return "'" + ((text.length() > 80) ? text.substring(0, 80) + "..." : text) + "'";
	}

	private static void close(@Nullable Socket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// nothing left to report: the probe's outcome is already decided
			}
		}
	}

}
