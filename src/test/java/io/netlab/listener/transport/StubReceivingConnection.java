package io.netlab.listener.transport;

import java.lang.reflect.Proxy;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

/**
 * A {@link ReceivingConnection} with an id, an attachment, an open flag and a list it "sends"
 * to, and nothing else, for slice tests.
 */
final class StubReceivingConnection {

	private StubReceivingConnection() {
	}

	static ReceivingConnection of(String id, Object attachment) {
		return stub(id, attachment, true, "none", List.of());
	}

	/**
	 * A connection of the factory named {@code factoryName} that records what is sent on it in
	 * {@code sent} while {@code open}.
	 */
	static ReceivingConnection sendingTo(String id, boolean open, String factoryName, List<Message<?>> sent) {
		return stub(id, null, open, factoryName, sent);
	}

	private static ReceivingConnection stub(String id, @Nullable Object attachment, boolean open, String factoryName,
			List<Message<?>> sent) {
		return (ReceivingConnection) Proxy.newProxyInstance(ReceivingConnection.class.getClassLoader(),
				new Class<?>[] { ReceivingConnection.class }, (proxy, method, args) -> switch (method.getName()) {
					case "getConnectionId" -> id;
					case "attachment" -> attachment;
					case "isOpen" -> open;
					case "getConnectionFactoryName" -> factoryName;
					case "send" -> sent.add((Message<?>) args[0]);
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> "stub " + id;
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

}
