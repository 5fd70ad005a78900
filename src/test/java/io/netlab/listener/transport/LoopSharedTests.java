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
		ReceivingConnection connection = StubReceivingConnection.of("a", record);
		MessageHeaders first = this.shared.receivedHeaders(slot, connection);
		assertThat(this.shared.receivedHeaders(slot, connection)).isSameAs(first);
		assertThat(first.get(IpHeaders.CONNECTION_ID)).isEqualTo("a");
		assertThat(DataPlaneHeaders.source(first)).isSameAs(connection);
		assertThat(DataPlaneHeaders.attachment(first)).isSameAs(record);
	}

	@Test
	void connectionsSharingASlotEachGetHeadersLeadingToThemselves() {
		int slot = this.shared.headerSlot();
		for (int i = 1; i < LoopShared.HEADER_SLOTS; i++) {
			this.shared.headerSlot();
		}
		assertThat(this.shared.headerSlot()).isEqualTo(slot); // slots are given out in turn, then again
		ReceivingConnection a = StubReceivingConnection.of("a", "record of a");
		ReceivingConnection b = StubReceivingConnection.of("b", "record of b");
		MessageHeaders ofA = this.shared.receivedHeaders(slot, a);
		MessageHeaders ofB = this.shared.receivedHeaders(slot, b);
		assertThat(ofB.get(IpHeaders.CONNECTION_ID)).isEqualTo("b");
		assertThat(DataPlaneHeaders.source(ofB)).isSameAs(b);
		assertThat(DataPlaneHeaders.attachment(ofB)).isEqualTo("record of b");
		MessageHeaders again = this.shared.receivedHeaders(slot, a);
		assertThat(again.get(IpHeaders.CONNECTION_ID)).isEqualTo("a");
		assertThat(DataPlaneHeaders.source(again)).isSameAs(a);
		assertThat(ofA.get(IpHeaders.CONNECTION_ID)).isEqualTo("a");
		// the slot is matched by the connection itself, not by anything it says
		ReceivingConnection sameId = StubReceivingConnection.of("a", "record of another a");
		assertThat(DataPlaneHeaders.attachment(this.shared.receivedHeaders(slot, sameId))).isEqualTo("record of another a");
	}

	@Test
	void aClosedConnectionsHeadersLeaveItsSlotAndNoOneElses() {
		int slot = this.shared.headerSlot();
		ReceivingConnection a = StubReceivingConnection.of("a", "record of a");
		ReceivingConnection b = StubReceivingConnection.of("b", "record of b");
		MessageHeaders ofA = this.shared.receivedHeaders(slot, a);
		this.shared.releaseHeaders(slot, b);
		assertThat(this.shared.receivedHeaders(slot, a)).as("b closing leaves a's headers").isSameAs(ofA);
		this.shared.releaseHeaders(slot, a);
		assertThat(this.shared.receivedHeaders(slot, a)).as("made again: the slot let a's go when a closed")
			.isNotSameAs(ofA);
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
