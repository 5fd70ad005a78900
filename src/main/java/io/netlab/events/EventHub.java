package io.netlab.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Where every {@link LabEvent} goes: into the ring of recent events and onto the queue of each
 * live-feed subscriber. Events arrive on whatever thread published them (selector loops,
 * connection threads, HTTP threads), so this only stores references and enqueues; JSON and
 * WebSocket writes happen on the hub's own small executor.
 */
@Component
class EventHub implements EventFeedStats, DisposableBean {

	private final RecentEvents recent;

	private final List<EventSubscription> subscribers = new CopyOnWriteArrayList<>();

	private final LongAdder dropped = new LongAdder();

	private final EventsProperties properties;

	private final JsonMapper json;

	private final ThreadPoolTaskExecutor delivery;

	EventHub(EventsProperties properties, JsonMapper json) {
		this.properties = properties;
		this.json = json;
		this.recent = new RecentEvents(properties.bufferSize());
		// Not a bean: an Executor bean would make Boot drop its applicationTaskExecutor. Two
		// threads are plenty, as a send task only writes JSON and starts an asynchronous write;
		// each subscriber has at most one task queued, so the queue never overflows.
		this.delivery = new ThreadPoolTaskExecutor();
		this.delivery.setThreadNamePrefix("events-");
		this.delivery.setCorePoolSize(2);
		this.delivery.setMaxPoolSize(2);
		this.delivery.setQueueCapacity(2 * properties.maxSubscribers() + 16);
		this.delivery.setDaemon(true);
		this.delivery.initialize();
	}

	/** Runs on the publisher's thread, often a socket thread: no I/O, no lock, no wait. */
	@EventListener
	void publish(LabEvent event) {
		this.recent.add(event);
		for (EventSubscription subscriber : this.subscribers) {
			subscriber.offer(event);
		}
	}

	/** At most {@code limit} of the most recent events that pass the filter, newest last. */
	List<LabEvent> recent(EventFilter filter, int limit) {
		return this.recent.newest(filter, limit);
	}

	int bufferSize() {
		return this.recent.capacity();
	}

	/** A new live-feed subscriber, or null when there are {@code max-subscribers} already. */
	synchronized @Nullable EventSubscription subscribe(EventFilter filter, EventSubscription.Sender sender) {
		if (this.subscribers.size() >= this.properties.maxSubscribers()) {
			return null;
		}
		EventSubscription subscription = new EventSubscription(filter, this.properties.subscriberQueue(),
				this.delivery, this.json::writeValueAsString, sender, this.dropped);
		this.subscribers.add(subscription);
		return subscription;
	}

	synchronized void unsubscribe(EventSubscription subscription) {
		subscription.close();
		this.subscribers.remove(subscription);
	}

	@Override
	public int subscribers() {
		return this.subscribers.size();
	}

	@Override
	public long eventsDropped() {
		return this.dropped.sum();
	}

	@Override
	public void destroy() {
		this.subscribers.forEach(EventSubscription::close);
		this.delivery.shutdown();
	}

}
