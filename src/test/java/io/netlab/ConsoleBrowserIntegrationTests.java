package io.netlab;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real headless Chromium: a user creates a listener with the form, talks to
 * it over a socket, watches the events arrive, and stops it with the button, without a single
 * JavaScript error. Leaves a screenshot in {@code target/console.png}.
 */
class ConsoleBrowserIntegrationTests extends IntegrationTest {

	private static final Log logger = LogFactory.getLog(ConsoleBrowserIntegrationTests.class);

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	@TempDir
	Path profile;

	private ChromeDriver browser;

	private WebDriverWait wait;

	@BeforeAll
	static void chromiumIsInstalled() {
		// a missing browser fails the build instead of skipping the test: CI installs it (.ci/run)
		assertThat(Path.of(CHROMIUM)).as("Chromium is needed for the console test: apt-get install chromium chromium-driver")
			.isExecutable();
		assertThat(Path.of(CHROMEDRIVER))
			.as("chromedriver is needed for the console test: apt-get install chromium chromium-driver")
			.isExecutable();
	}

	@BeforeEach
	void startBrowser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + this.profile, "--window-size=1500,1000");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		// the driver is given, so Selenium Manager never looks for (or downloads) one
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(15));
		this.wait.ignoring(StaleElementReferenceException.class);
	}

	@AfterEach
	void quitBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void userCreatesAListenerWatchesItsTrafficAndStopsIt() throws IOException {
		this.browser.get("http://127.0.0.1:" + this.httpPort + "/");
		this.wait.until(d -> !d.findElements(By.cssSelector("tr[data-name='cfg-echo']")).isEmpty());
		this.wait.until(d -> d.findElement(By.id("feed-status")).getText().equals("live"));

		this.browser.findElement(By.id("new-name")).sendKeys("web-echo");
		new Select(this.browser.findElement(By.id("new-framing"))).selectByVisibleText("line");
		this.browser.findElement(By.id("create-button")).click();
		String port = this.wait.until(d -> {
			String bound = d.findElement(By.cssSelector("tr[data-name='web-echo'][data-state='RUNNING'] td.col-address"))
				.getDomAttribute("data-port");
			return (bound == null || bound.isEmpty()) ? null : bound;
		});

		// the API's problem detail reaches the user in words
		this.browser.findElement(By.id("new-name")).sendKeys("web-echo");
		this.browser.findElement(By.id("create-button")).click();
		WebElement error = this.wait.until(d -> d.findElement(By.cssSelector("#errors .error")));
		assertThat(error.getText()).contains("A listener named 'web-echo' already exists");
		error.findElement(By.tagName("button")).click();
		this.wait.until(d -> d.findElements(By.cssSelector("#errors .error")).isEmpty());

		try (Socket socket = Sockets.connect(Integer.parseInt(port))) {
			Sockets.write(socket, "hello from a browser test\n");
			assertThat(Sockets.readExactlyText(socket, 26)).isEqualTo("hello from a browser test\n");
			this.wait.until(d -> feedText().contains("hello from a browser test"));
		}
		this.wait.until(d -> feedText().contains("closed (client)"));
		this.wait.until(d -> d.findElement(By.cssSelector("tr[data-name='web-echo'] td.col-received")).getText()
			.startsWith("25 B"));

		// filter: only the closes of web-echo; pause: new events wait, counted, until resumed
		new Select(this.browser.findElement(By.id("feed-listener"))).selectByVisibleText("web-echo");
		new Select(this.browser.findElement(By.id("feed-type"))).selectByVisibleText("ConnectionClosed");
		assertThat(this.browser.findElements(By.cssSelector("#feed li")))
			.extracting(item -> item.getDomAttribute("data-type"))
			.containsExactly("ConnectionClosed");
		this.browser.findElement(By.id("feed-pause")).click();
		Sockets.connect(Integer.parseInt(port)).close();
		this.wait.until(d -> d.findElement(By.id("feed-pending")).getText().equals("2 new while paused"));
		assertThat(this.browser.findElements(By.cssSelector("#feed li"))).hasSize(1);
		this.browser.findElement(By.id("feed-pause")).click();
		this.wait.until(d -> d.findElements(By.cssSelector("#feed li")).size() == 2);
		new Select(this.browser.findElement(By.id("feed-listener"))).selectByIndex(0);
		new Select(this.browser.findElement(By.id("feed-type"))).selectByIndex(0);

		new Select(this.browser.findElement(By.id("probe-listener"))).selectByVisibleText("web-echo");
		this.browser.findElement(By.cssSelector("#probe-form button[type=submit]")).click();
		String probe = this.wait.until(d -> {
			String text = d.findElement(By.id("probe-result")).getText();
			return text.startsWith("Probing") ? null : text;
		});
		// this build has no probe endpoint; a build with one shows its JSON answer
		assertThat(probe).satisfiesAnyOf(text -> assertThat(text).isEqualTo("Probes are not available in this build of netlab."),
				text -> assertThat(text).startsWith("{"));

		this.wait.until(d -> {
			d.findElement(By.cssSelector("tr[data-name='web-echo'] button[data-action='stop']")).click();
			return true;
		});
		this.wait.until(d -> !d.findElements(By.cssSelector("tr[data-name='web-echo'][data-state='STOPPED']")).isEmpty());
		this.wait.until(d -> feedText().contains("port " + port + " closed"));
		assertThat(this.browser.findElement(By.id("errors")).getText()).isEmpty();

		Path screenshot = Path.of("target", "console.png");
		Files.write(screenshot, this.browser.getScreenshotAs(OutputType.BYTES));
		logger.info("Console screenshot: " + screenshot.toAbsolutePath());

		List<LogEntry> problems = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			// the browser itself reports each answer >= 400 as a failed resource load: here the
			// conflict provoked above, and the probe endpoint's absence
			.filter(entry -> !entry.getMessage().matches("(?s).*/api/listeners .*status of 409.*")
					&& !entry.getMessage().contains("/api/probes"))
			.toList();
		assertThat(problems).as("browser console errors and warnings").isEmpty();
	}

	private String feedText() {
		return this.browser.findElement(By.id("feed")).getText();
	}

}
