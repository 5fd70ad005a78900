package io.netlab.api;

import java.net.URI;

import io.netlab.listener.ListenerException;
import io.netlab.probe.ProbeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.DatabindException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become HTTP answers: RFC 9457 problem details
 * ({@code application/problem+json}) whose detail says what to change. Feature exceptions carry
 * their own status; anything unexpected is a 500 with no internals in the body.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ApiExceptionHandler.class);

	@ExceptionHandler(ListenerException.class)
	ProblemDetail listenerFailed(ListenerException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
		problem.setTitle(ex.title());
		if (!ex.problems().isEmpty()) {
			problem.setProperty("errors", ex.problems());
		}
		return problem;
	}

	@ExceptionHandler(ProbeException.class)
	ProblemDetail probeRefused(ProbeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
		problem.setTitle(ex.title());
		if (ex.rule() != null) {
			problem.setProperty("rule", ex.rule());
		}
		if (!ex.problems().isEmpty()) {
			problem.setProperty("errors", ex.problems());
		}
		return problem;
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		logger.error("Unexpected failure of an API request", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"netlab failed unexpectedly (" + ex.getClass().getSimpleName() + "); the log has the details.");
		problem.setTitle("Internal error");
		return problem;
	}

	/** A body that is not JSON, or JSON that does not fit: say where and why. */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, readableDetail(ex));
		problem.setTitle("Unreadable request body");
		problem.setType(URI.create("about:blank"));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static String readableDetail(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		while (cause != null) {
			if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
				return "The request body is invalid: " + cause.getMessage();
			}
			cause = cause.getCause();
		}
		if (ex.getCause() instanceof DatabindException databind) {
			String path = databind.getPath()
				.stream()
				.map(ref -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.reduce((a, b) -> a + "." + b)
				.orElse("body");
			return "The request body is invalid at '" + path + "': " + databind.getOriginalMessage();
		}
		return "The request body must be a JSON object; it could not be read ("
				+ ((ex.getCause() != null) ? ex.getCause().getClass().getSimpleName() : "empty") + ").";
	}

}
