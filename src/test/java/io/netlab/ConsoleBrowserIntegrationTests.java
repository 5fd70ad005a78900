package io.netlab;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real headless Chromium: a user creates a listener with the form, talks to
 * it over a socket, watches the events arrive, and stops it with the button; starts a load run
 * and watches its progress bar reach 100 % and its charts drawn; the page fits 1280 and 390 px
 * and asks nothing of any host but netlab. No JavaScript error anywhere. Leaves a screenshot
 * of a finished load run in {@code docs/console.png} for the README.
 */
class ConsoleBrowserIntegrationTests extends IntegrationTest {

	private static final Log logger = LogFactory.getLog(ConsoleBrowserIntegrationTests.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
		// every network request the page makes, for pageRequestsNothingBeyondNetlab
		logs.enable(LogType.PERFORMANCE, Level.ALL);
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
		assertThat(probe).startsWith("{").contains("\"success\": true");

		this.wait.until(d -> {
			d.findElement(By.cssSelector("tr[data-name='web-echo'] button[data-action='stop']")).click();
			return true;
		});
		this.wait.until(d -> !d.findElements(By.cssSelector("tr[data-name='web-echo'][data-state='STOPPED']")).isEmpty());
		this.wait.until(d -> feedText().contains("port " + port + " closed"));
		assertThat(this.browser.findElement(By.id("errors")).getText()).isEmpty();

		assertNoBrowserErrors();
	}

	@Test
	void userStartsALoadRunAndWatchesItsProgressReachAHundredPercentAndItsCharts() throws IOException {
		this.browser.manage().window().setSize(new Dimension(1280, 800));
		this.browser.get("http://127.0.0.1:" + this.httpPort + "/");
		this.wait.until(d -> d.findElement(By.id("feed-status")).getText().equals("live"));
		this.wait.until(d -> new Select(d.findElement(By.id("run-listener"))).getOptions().size() > 1);

		new Select(this.browser.findElement(By.id("run-listener"))).selectByVisibleText("cfg-echo");
		WebElement duration = this.browser.findElement(By.id("run-duration"));
		duration.clear();
		duration.sendKeys("3");
		this.browser.findElement(By.id("run-button")).click();

		// the bar advances while the run goes on, then reaches 100 % when it ends
		int during = this.wait.until(d -> {
			int value = progress();
			return (value > 0 && value < 100) ? value : null;
		});
		assertThat(during).isBetween(1, 99);
		this.wait.until(d -> progress() == 100);
		assertThat(this.browser.findElement(By.id("run-percent")).getText()).isEqualTo("100 %");
		this.wait.until(d -> d.findElement(By.id("run-state")).getText().equals("finished"));
		WebElement result = this.wait.until(d -> {
			WebElement table = d.findElement(By.id("run-result"));
			return table.isDisplayed() ? table : null;
		});
		assertThat(result.getText()).contains("replies", "latency (ms)", "p99");
		String row = this.wait.until(d -> d.findElement(By.cssSelector("#runs tbody tr[data-state='finished']")).getText());
		assertThat(row).contains("cfg-echo");

		// uPlot drew both charts of the run
		this.wait.until(d -> canvasDrawn("#run-throughput-chart") && canvasDrawn("#run-latency-chart"));

		// the listener's own traffic, from its series
		new Select(this.browser.findElement(By.id("series-listener"))).selectByVisibleText("cfg-echo");
		this.wait.until(d -> canvasDrawn("#series-messages-chart"));

		assertNoSidewaysScrolling();
		assertEveryListenerButtonWithin(1280);

		this.browser.manage().window().setSize(new Dimension(1280, 1500));
		this.browser.executeScript("window.scrollTo(0, 0)");
		Files.createDirectories(Path.of("docs"));
		Path screenshot = Path.of("docs", "console.png");
		Files.write(screenshot, this.browser.getScreenshotAs(OutputType.BYTES));
		logger.info("Console screenshot: " + screenshot.toAbsolutePath());
		assertNoBrowserErrors();
	}

	@Test
	void runStartedOutsideTheConsoleShowsUpWithItsProgress() {
		this.browser.get("http://127.0.0.1:" + this.httpPort + "/");
		this.wait.until(d -> d.findElement(By.id("feed-status")).getText().equals("live"));

		String id = this.api.post("/api/probes", """
				{"listener": "cfg-echo", "payload": "ping", "durationMs": 1500, "async": true}""")
			.json()
			.path("id")
			.asString();

		// the table is drawn anew on each event: read the row where it is found
		String row = this.wait.until(
				d -> d.findElement(By.cssSelector("#runs tr[data-run='" + id + "'][data-state='finished']")).getText());
		assertThat(row).contains("cfg-echo");
		// other runs may be going on (a monitor's stamped UDP runs, in this shared context): the
		// page keeps showing a run that is still going, so pick this one from the table, as a user would
		this.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
			d.findElement(By.cssSelector("#runs button[data-run='" + id + "']")).click();
			return d.findElement(By.id("run-title")).getText().contains(id);
		});
		this.wait.until(d -> progress() == 100);
	}

	@Test
	void loadRunErrorIsShownAsTheProblemDetail() {
		this.browser.get("http://127.0.0.1:" + this.httpPort + "/");
		this.wait.until(d -> new Select(d.findElement(By.id("run-listener"))).getOptions().size() > 1);

		new Select(this.browser.findElement(By.id("run-listener"))).selectByVisibleText("cfg-echo");
		WebElement concurrency = this.browser.findElement(By.id("run-concurrency"));
		concurrency.clear();
		concurrency.sendKeys("100000");
		// the browser's own check of max= would stop the form: submit what the user typed anyway
		this.browser.executeScript("document.getElementById('run-form').noValidate = true");
		this.browser.findElement(By.id("run-button")).click();

		WebElement error = this.wait.until(d -> d.findElement(By.cssSelector("#errors .error")));
		assertThat(error.getText()).startsWith("Cannot start the load run: The probe request is invalid: concurrency");
	}

	@Test
	void pageIsUsableAt390PixelsWithoutSidewaysScrolling() throws IOException {
		this.browser.manage().window().setSize(new Dimension(390, 844));
		this.browser.get("http://127.0.0.1:" + this.httpPort + "/");
		this.wait.until(d -> !d.findElements(By.cssSelector("tr[data-name='cfg-echo']")).isEmpty());

		assertNoSidewaysScrolling();
		for (String id : List.of("create-button", "run-button", "run-listener", "new-name")) {
			Rectangle box = this.browser.findElement(By.id(id)).getRect();
			assertThat(box.getX() + box.getWidth()).as(id).isLessThanOrEqualTo(390);
		}
		assertEveryListenerButtonWithin(390);
		Files.write(Path.of("target", "console-390.png"), this.browser.getScreenshotAs(OutputType.BYTES));

		// Traffic on a row charts that listener
		this.browser.findElement(By.cssSelector("tr[data-name='cfg-echo'] button[data-action='traffic']")).click();
		this.wait.until(d -> new Select(d.findElement(By.id("series-listener"))).getFirstSelectedOption().getText()
			.equals("cfg-echo"));
		this.wait.until(d -> canvasDrawn("#series-messages-chart"));
		assertNoSidewaysScrolling();
		assertNoBrowserErrors();
	}

	@Test
	void pageRequestsNothingBeyondNetlab() {
		this.browser.get("http://127.0.0.1:" + this.httpPort + "/");
		this.wait.until(d -> d.findElement(By.id("feed-status")).getText().equals("live"));
		this.wait.until(d -> new Select(d.findElement(By.id("series-listener"))).getOptions().size() > 1);
		new Select(this.browser.findElement(By.id("series-listener"))).selectByVisibleText("cfg-echo");
		this.wait.until(d -> canvasDrawn("#series-messages-chart"));

		String http = "http://127.0.0.1:" + this.httpPort + "/";
		String ws = "ws://127.0.0.1:" + this.httpPort + "/";
		List<String> urls = new ArrayList<>();
		for (LogEntry entry : this.browser.manage().logs().get(LogType.PERFORMANCE)) {
			JsonNode message = JSON.readTree(entry.getMessage()).path("message");
			JsonNode params = message.path("params");
			String method = message.path("method").asString();
			// the requests of netlab's page, not those of the browser's own pages (its new tab)
			if (method.equals("Network.requestWillBeSent") && params.path("documentURL").asString().startsWith(http)) {
				urls.add(params.path("request").path("url").asString());
			}
			else if (method.equals("Network.webSocketCreated")) {
				urls.add(params.path("url").asString());
			}
		}
		assertThat(urls).as("requests the page made")
			.anyMatch(url -> url.startsWith(http + "webjars/uplot/"))
			.anyMatch(url -> url.startsWith(ws))
			.allMatch(url -> url.startsWith("data:") || url.startsWith(http) || url.startsWith(ws));
	}

	private int progress() {
		return Integer.parseInt(this.browser.findElement(By.id("run-progress")).getDomProperty("value"));
	}

	/** Whether a uPlot canvas in the container has any painted pixel. */
	private boolean canvasDrawn(String container) {
		Object painted = this.browser.executeScript("""
				const canvas = document.querySelector(arguments[0] + ' canvas');
				if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
				const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
				for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) return true; }
				return false;""", container);
		return Boolean.TRUE.equals(painted);
	}

	private void assertEveryListenerButtonWithin(int width) {
		List<WebElement> buttons = this.browser.findElements(By.cssSelector("#listeners button"));
		assertThat(buttons).isNotEmpty().allSatisfy(button -> {
			Rectangle box = button.getRect();
			assertThat(box.getX() + box.getWidth()).as(button.getDomAttribute("title")).isLessThanOrEqualTo(width);
		});
	}

	private void assertNoSidewaysScrolling() {
		Long overflow = (Long) this.browser
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
		assertThat(overflow).as("pixels the page is wider than its window").isLessThanOrEqualTo(0L);
	}

	/** No JavaScript error or warning in the browser's console. */
	private void assertNoBrowserErrors() {
		List<LogEntry> problems = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			// the browser itself reports each answer >= 400 as a failed resource load: here the
			// conflict userCreatesAListenerWatchesItsTrafficAndStopsIt provokes
			.filter(entry -> !entry.getMessage().matches("(?s).*/api/listeners .*status of 409.*"))
			.toList();
		assertThat(problems).as("browser console errors and warnings").isEmpty();
	}

	private String feedText() {
		return this.browser.findElement(By.id("feed")).getText();
	}

}
