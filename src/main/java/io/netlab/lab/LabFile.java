package io.netlab.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Applies the lab file ({@code netlab.lab.file}) once netlab is ready, and again whenever its
 * content changes. The content is compared rather than a modification time or a file-system
 * watch, because a Kubernetes ConfigMap volume changes by swapping a symbolic link. A file that
 * is missing, unreadable or invalid is logged and left; the lab stays as it was.
 */
@Component
class LabFile implements DisposableBean {

	private static final Log logger = LogFactory.getLog(LabFile.class);

	private final LabProperties properties;

	private final LabService lab;

	private final LabDocuments documents;

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	/** The content last tried; only the scheduler's thread touches it after start. */
	private byte @Nullable [] lastContent;

	LabFile(LabProperties properties, LabService lab, LabDocuments documents) {
		this.properties = properties;
		this.lab = lab;
		this.documents = documents;
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("lab-file-");
		this.scheduler.setDaemon(true);
	}

	/** After the stored listeners and monitors are back, so the file has the last word. */
	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.LOWEST_PRECEDENCE)
	void start() {
		Path file = this.properties.file();
		if (file == null) {
			return;
		}
		check(file);
		this.scheduler.initialize();
		this.scheduler.scheduleWithFixedDelay(() -> check(file), this.properties.checkInterval());
	}

	private void check(Path file) {
		byte[] content;
		try {
			content = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			if (this.lastContent == null || this.lastContent.length > 0) {
				logger.warn("Lab file " + file + " cannot be read (" + ex + "); the lab stays as it is");
			}
			this.lastContent = new byte[0];
			return;
		}
		if (Arrays.equals(content, this.lastContent)) {
			return;
		}
		this.lastContent = content;
		try {
			String text = new String(content, StandardCharsets.UTF_8);
			LabPlan plan = this.lab.apply(this.documents.read(text, true), false);
			logger.info("Lab file " + file + " applied: " + plan.changes().size() + " change(s)");
		}
		catch (RuntimeException ex) {
			logger.error("Lab file " + file + " not applied, the lab stays as it is: " + ex.getMessage());
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdown();
	}

}
