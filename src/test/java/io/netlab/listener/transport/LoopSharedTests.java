package io.netlab.listener.transport;

import java.nio.ByteBuffer;

import io.netlab.wire.FrameAssembler;
import io.netlab.wire.FrameCodec;
import io.netlab.wire.Framing;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.MessageHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a NIO loop keeps for its connections instead of each keeping its own: received-message
 * headers in a bounded number of slots, never another connection's; the frame assembler of
 * connections with no incomplete frame, handing one over to the connection it belongs to.
 */
class LoopSharedTests {

	private final LoopShared shared = new LoopShared(new FrameCodec(Framing.LINE, 4, 1024));

	@Test
	void aConnectionsMessagesShareItsHeadersWhileItHasItsSlot() {
		int slot = this.shared.headerSlot();
		Object record = new Object();
		MessageHeaders first = this.shared.receivedHeaders(slot, "a", record);
		assertThat(this.shared.receivedHeaders(slot, "a", record)).isSameAs(first);
		assertThat(first.get(IpHeaders.CONNECTION_ID)).isEqualTo("a");
		assertThat(DataPlaneHeaders.attachment(first)).isSameAs(record);
	}

	@Test
	void connectionsSharingASlotEachGetHeadersWithTheirOwnId() {
		int slot = this.shared.headerSlot();
		for (int i = 1; i < LoopShared.HEADER_SLOTS; i++) {
			this.shared.headerSlot();
		}
		assertThat(this.shared.headerSlot()).isEqualTo(slot); // slots are given out in turn, then again
		Object recordOfA = new Object();
		Object recordOfB = new Object();
		MessageHeaders a = this.shared.receivedHeaders(slot, "a", recordOfA);
		MessageHeaders b = this.shared.receivedHeaders(slot, "b", recordOfB);
		assertThat(b.get(IpHeaders.CONNECTION_ID)).isEqualTo("b");
		assertThat(DataPlaneHeaders.attachment(b)).isSameAs(recordOfB);
		MessageHeaders again = this.shared.receivedHeaders(slot, "a", recordOfA);
		assertThat(again.get(IpHeaders.CONNECTION_ID)).isEqualTo("a");
		assertThat(DataPlaneHeaders.attachment(again)).isSameAs(recordOfA);
		assertThat(a.get(IpHeaders.CONNECTION_ID)).isEqualTo("a");
		// attached after the headers were made (the open event comes first in practice): made again
		assertThat(DataPlaneHeaders.attachment(this.shared.receivedHeaders(slot, "a", recordOfB))).isSameAs(recordOfB);
	}

	@Test
	void anIncompleteFrameIsHandedOverAndTheSharedAssemblerStartsAfresh() throws Exception {
		this.shared.frames().receive(ByteBuffer.wrap("one\ntw".getBytes()));
		assertThat(new String(this.shared.frames().next())).isEqualTo("one");
		assertThat(this.shared.frames().next()).isNull();
		FrameAssembler own = this.shared.settleFrames(false);
		assertThat(own).isNotNull();
		assertThat(this.shared.frames().hasPartial()).isFalse();
		assertThat(this.shared.settleFrames(false)).isNull();
		own.receive(ByteBuffer.wrap("o\n".getBytes()));
		assertThat(new String(own.next())).isEqualTo("two");
	}

	@Test
	void whatAClosedConnectionLeftIsDropped() throws Exception {
		this.shared.frames().receive(ByteBuffer.wrap("half".getBytes()));
		assertThat(this.shared.frames().next()).isNull();
		assertThat(this.shared.settleFrames(true)).isNull();
		assertThat(this.shared.frames().hasPartial()).isFalse();
		this.shared.frames().receive(ByteBuffer.wrap("x\n".getBytes()));
		assertThat(new String(this.shared.frames().next())).isEqualTo("x");
	}

}
