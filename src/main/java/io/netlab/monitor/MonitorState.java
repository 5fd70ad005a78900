package io.netlab.monitor;

/** Whether a monitor's target is up: {@code UNKNOWN} until its first result. */
public enum MonitorState {

	UP, DOWN, UNKNOWN

}
