package io.netlab.probe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

import io.netlab.wire.Protocol;

/**
 * One UDP probe: a connected datagram socket (so that an ICMP port unreachable shows up as
 * "refused"), one datagram out, the first datagram back. Runs on the caller's thread, bounded
 * by the plan's timeout. UDP has no handshake, so only the first checked address is used.
 */
final class UdpProbe {

	/** Room for the largest datagram, so that no reply is cut. */
	private static final int RECEIVE_BYTES = 65536;

	private UdpProbe() {
	}

	static ProbeResult run(ProbePlan plan) {
		long start = System.nanoTime();
		InetSocketAddress target = plan.target(plan.addresses().get(0));
		InetSocketAddress local = null;
		long connectNanos = -1;
		long firstByteNanos = -1;
		long sent = 0;
		byte[] reply = null;
		ProbeError error = null;
		String message = null;
		try (DatagramSocket socket = new DatagramSocket()) {
			long connectStart = System.nanoTime();
			socket.connect(target);
			connectNanos = System.nanoTime() - connectStart;
			local = (InetSocketAddress) socket.getLocalSocketAddress();
			socket.send(new DatagramPacket(plan.payload(), plan.payload().length));
			sent = plan.payload().length;
			long sentAt = System.nanoTime();
			socket.setSoTimeout((int) Math.max(1, plan.timeoutMs()));
			DatagramPacket packet = new DatagramPacket(new byte[RECEIVE_BYTES], RECEIVE_BYTES);
			socket.receive(packet);
			firstByteNanos = System.nanoTime() - sentAt;
			reply = Arrays.copyOf(packet.getData(), packet.getLength());
			Expect expect = plan.expect();
			String text = ProbeResult.text(reply);
			if (expect != null && !expect.matches(text)) {
				error = ProbeError.MISMATCH;
				message = "The reply " + TcpProbe.quote(text) + " does not match the expected " + expect.describe() + ".";
			}
		}
		catch (SocketTimeoutException ex) {
			error = ProbeError.TIMEOUT;
			message = "No datagram came back within " + plan.timeoutMs() + " ms (lost, dropped, or nothing answers UDP there).";
		}
		catch (IOException ex) {
			error = ProbeError.of(ex);
			message = (error == ProbeError.REFUSED)
					? "ICMP port unreachable from " + ProbePlan.format(target) + ": nothing listens there."
					: "UDP probe failed: " + ex.getMessage();
		}
		long total = System.nanoTime() - start + plan.resolveNanos();
		ProbeResult.Timings timings = new ProbeResult.Timings(ProbeResult.Timings.millis(plan.resolveNanos()),
				ProbeResult.Timings.millisOrNull(connectNanos), null, ProbeResult.Timings.millisOrNull(firstByteNanos),
				ProbeResult.Timings.millis(total));
		int received = (reply != null) ? reply.length : 0;
		return new ProbeResult(error == null, error, message, Protocol.UDP, ProbePlan.format(target),
				ProbePlan.format(local), sent, received, ProbeResult.text(reply), ProbeResult.base64(reply), timings,
				null);
	}

}
