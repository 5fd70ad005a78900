/**
 * What is on the wire, shared by listeners and probes: protocols, framings, the frame codec and
 * its one bounded decoder ({@code FrameAssembler}), CIDR matching. Depends on no other module.
 */
package io.netlab.wire;
