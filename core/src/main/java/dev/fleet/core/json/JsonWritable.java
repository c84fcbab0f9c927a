package dev.fleet.core.json;

/** A value that knows its stable JSON shape (snake_case maps). */
public interface JsonWritable {
    Object toJson();
}
