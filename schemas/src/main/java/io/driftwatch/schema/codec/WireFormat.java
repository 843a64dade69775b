package io.driftwatch.schema.codec;

/** How events are written on a topic; chosen per topic in the job configuration. */
public enum WireFormat {
    /**
     * Avro binary with the spec's single-object encoding: {@code C3 01}, the 8-byte little-endian
     * CRC-64-AVRO fingerprint of the writer schema, then the binary body. Any language's Avro library
     * can write it without a schema registry.
     */
    AVRO,
    /**
     * Plain JSON, one object per record, with the Avro field names; unions may be given bare
     * ({@code "score": 0.7}) or Avro-JSON wrapped ({@code "score": {"double": 0.7}}); timestamps as epoch
     * milliseconds or ISO-8601 strings. For producers that have no Avro library at hand.
     */
    JSON;

    /** {@code avro} or {@code json}, case-insensitive, with an error that lists the choices. */
    public static WireFormat parse(String text) {
        for (WireFormat format : values()) {
            if (format.name().equalsIgnoreCase(text)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown wire format '" + text + "': use avro or json");
    }
}
