package io.netlab.impair;

/**
 * One problem with one field of an impairment, such as {@code impairments[0].attributes.latency}.
 *
 * @param field the field's path
 * @param message what is wrong and what would be accepted
 */
public record ImpairmentProblem(String field, String message) {
}
