import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/** bench/idle-heap.sh: opens N connections to 127.0.0.1:port that each send 64 B once and read the echo, then holds them idle until stdin closes. */
public class IdleClient {
	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int n = Integer.parseInt(args[1]);
		List<SocketChannel> open = new ArrayList<>(n);
		ByteBuffer out = ByteBuffer.allocate(64);
		ByteBuffer in = ByteBuffer.allocate(64);
		for (int i = 0; i < n; i++) {
			SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
			ch.socket().setTcpNoDelay(true);
			out.clear();
			while (out.hasRemaining()) out.put((byte) 'x');
			out.flip();
			while (out.hasRemaining()) ch.write(out);
			in.clear();
			while (in.hasRemaining()) {
				if (ch.read(in) < 0) throw new IllegalStateException("closed at " + i);
			}
			open.add(ch);
		}
		System.out.println("READY " + open.size());
		System.out.flush();
		while (System.in.read() >= 0) { }
		for (SocketChannel ch : open) ch.close();
	}
}
