package dev.fleet.core.json;

/** Malformed JSON; the message is one line, fit for a warning. */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
