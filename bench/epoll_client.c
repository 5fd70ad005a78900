/*
 * A plain single-threaded epoll ping-pong client, the yardstick for the Java client.
 *
 *   epoll_client HOST PORT CONNECTIONS PAYLOAD_BYTES SECONDS SETTLE_MS
 *
 * Raw framing only: each connection writes PAYLOAD_BYTES, reads until as many bytes are back
 * (and equal to what it sent), records the round trip in 1 us buckets and sends again. Round
 * trips that complete in [start + SETTLE_MS, start + SETTLE_MS + SECONDS] are counted. Prints
 * one line: msgs=N secs=S p50=US p99=US p999=US cpu=S errors=N
 * Bounded: it stops after SETTLE_MS + SECONDS + 2 s whatever happens.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUCKETS 1000000 /* 1 us buckets up to 1 s; slower ones go to the last bucket */

struct conn {
	int fd;
	size_t sent;
	size_t got;
	uint64_t t0;
	uint64_t seq;
	int dead;
	unsigned char *req;
	unsigned char *resp;
};

static uint64_t now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static uint64_t hist[BUCKETS];
static uint64_t errors;

static void stamp(struct conn *c, size_t size) {
	c->seq++;
	for (size_t i = 0; i < 8 && i < size; i++) {
		c->req[i] = (unsigned char) ('a' + ((c->seq >> (4 * i)) & 15));
	}
}

/* Write what is left of the request; returns 0, or -1 on error. */
static int pump_write(struct conn *c, size_t size) {
	while (c->sent < size) {
		ssize_t n = write(c->fd, c->req + c->sent, size - c->sent);
		if (n < 0) {
			if (errno == EAGAIN) {
				return 0;
			}
			return -1;
		}
		c->sent += (size_t) n;
	}
	return 0;
}

static int start_request(struct conn *c, size_t size) {
	stamp(c, size);
	c->sent = 0;
	c->got = 0;
	c->t0 = now_ns();
	return pump_write(c, size);
}

static double percentile(uint64_t total, double p) {
	uint64_t rank = (uint64_t) (p / 100.0 * (double) total);
	if (rank >= total) {
		rank = total - 1;
	}
	uint64_t seen = 0;
	for (size_t i = 0; i < BUCKETS; i++) {
		seen += hist[i];
		if (seen > rank) {
			return (double) i + 0.5;
		}
	}
	return BUCKETS;
}

int main(int argc, char **argv) {
	if (argc != 7) {
		fprintf(stderr, "usage: %s HOST PORT CONNECTIONS PAYLOAD_BYTES SECONDS SETTLE_MS\n", argv[0]);
		return 2;
	}
	const char *host = argv[1];
	int port = atoi(argv[2]);
	int nconn = atoi(argv[3]);
	size_t size = (size_t) atol(argv[4]);
	double seconds = atof(argv[5]);
	uint64_t settle = (uint64_t) atol(argv[6]) * 1000000ull;
	if (nconn <= 0 || nconn > 10000 || size == 0 || size > (1u << 20) || seconds <= 0) {
		fprintf(stderr, "bad arguments\n");
		return 2;
	}
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t) port) };
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		fprintf(stderr, "bad host %s\n", host);
		return 2;
	}
	int ep = epoll_create1(0);
	struct conn *conns = calloc((size_t) nconn, sizeof(struct conn));
	for (int i = 0; i < nconn; i++) {
		struct conn *c = &conns[i];
		c->req = malloc(size);
		c->resp = malloc(size);
		for (size_t k = 0; k < size; k++) {
			c->req[k] = (unsigned char) ('A' + (k % 26));
		}
		c->fd = socket(AF_INET, SOCK_STREAM, 0);
		int one = 1;
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (connect(c->fd, (struct sockaddr *) &addr, sizeof(addr)) != 0) { /* blocking connect */
			fprintf(stderr, "connect: %s\n", strerror(errno));
			return 1;
		}
		if (fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK) != 0) {
			fprintf(stderr, "fcntl: %s\n", strerror(errno));
			return 1;
		}
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
		epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
	}
	uint64_t start = now_ns();
	uint64_t from = start + settle;
	uint64_t to = from + (uint64_t) (seconds * 1e9);
	uint64_t hard_stop = to + 2000000000ull;
	struct rusage ru0, ru1;
	int measuring = 0;
	uint64_t msgs = 0;
	for (int i = 0; i < nconn; i++) {
		if (start_request(&conns[i], size) != 0) {
			errors++;
			conns[i].dead = 1;
		}
	}
	struct epoll_event events[256];
	for (;;) {
		uint64_t t = now_ns();
		if (!measuring && t >= from) {
			measuring = 1;
			getrusage(RUSAGE_SELF, &ru0);
		}
		if (t >= to || t >= hard_stop) {
			break;
		}
		int n = epoll_wait(ep, events, 256, 50);
		for (int e = 0; e < n; e++) {
			struct conn *c = events[e].data.ptr;
			if (c->dead) {
				continue;
			}
			if (c->sent < size && pump_write(c, size) != 0) {
				errors++;
				c->dead = 1;
				continue;
			}
			for (;;) {
				ssize_t r = read(c->fd, c->resp + c->got, size - c->got);
				if (r < 0) {
					if (errno != EAGAIN) {
						errors++;
						c->dead = 1;
					}
					break;
				}
				if (r == 0) {
					errors++;
					c->dead = 1;
					break;
				}
				c->got += (size_t) r;
				if (c->got == size) {
					uint64_t done = now_ns();
					if (memcmp(c->req, c->resp, size) != 0) {
						errors++;
					}
					else if (done >= from && done <= to) {
						uint64_t us = (done - c->t0) / 1000;
						hist[us < BUCKETS ? us : BUCKETS - 1]++;
						msgs++;
					}
					if (done < to) {
						if (start_request(c, size) != 0) {
							errors++;
							c->dead = 1;
						}
					}
					break;
				}
			}
		}
	}
	getrusage(RUSAGE_SELF, &ru1);
	double cpu = (double) (ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec)
			+ (double) (ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
	for (int i = 0; i < nconn; i++) {
		close(conns[i].fd);
	}
	if (msgs == 0) {
		printf("msgs=0 secs=%.3f p50=0 p99=0 p999=0 cpu=%.3f errors=%llu\n", seconds, cpu,
				(unsigned long long) errors);
		return 1;
	}
	printf("msgs=%llu secs=%.3f p50=%.1f p99=%.1f p999=%.1f cpu=%.3f errors=%llu\n", (unsigned long long) msgs,
			seconds, percentile(msgs, 50), percentile(msgs, 99), percentile(msgs, 99.9), cpu,
			(unsigned long long) errors);
	return 0;
}
