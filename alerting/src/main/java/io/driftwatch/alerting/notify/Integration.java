package io.driftwatch.alerting.notify;

import io.driftwatch.alerting.config.IntegrationConfig;

/** A configured integration of a receiver with the notifier that carries it out. */
public record Integration(String receiver, IntegrationConfig config, Notifier notifier) {

    /** {@code receiver/slack[0]}: how metrics, logs and failure records name it. */
    public String id() {
        return receiver + "/" + config.name();
    }

    /** The kind, e.g. {@code slack}: a metrics label. */
    public String kind() {
        String name = config.name();
        return name.substring(0, name.indexOf('['));
    }
}
