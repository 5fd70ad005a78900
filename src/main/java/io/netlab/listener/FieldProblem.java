package io.netlab.listener;

/**
 * One problem with one field of a request, as listed in a 400 problem detail.
 *
 * @param field the field's path, such as {@code limits.maxConnections}
 * @param message what is wrong and what would be accepted
 */
public record FieldProblem(String field, String message) {
}
