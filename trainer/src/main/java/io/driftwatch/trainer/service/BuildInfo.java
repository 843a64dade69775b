package io.driftwatch.trainer.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The trainer's own version, filled in at build time, recorded as each model version's code version. */
public final class BuildInfo {
    private BuildInfo() {}

    public static String codeVersion() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/trainer-build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return "driftwatch-trainer " + properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trainer-build.properties", e);
        }
    }
}
