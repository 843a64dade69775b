package io.driftwatch.alerting.state;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The notification log entry of one group at one integration: the fingerprints of the alerts last
 * announced as firing and when a message was last sent. Comparing it with the group's current
 * state decides whether a new message is due, and reloading it after a restart is what keeps the
 * service from paging again for what it already sent.
 *
 * @param key       {@code <group key>/<receiver>/<integration>}
 * @param groupKey  the group's key, so entries can be dropped with their group
 */
public record NotificationRecord(String key, String groupKey, Set<String> firing, Instant sentAt) {
    public NotificationRecord {
        firing = Set.copyOf(new TreeSet<>(firing));
    }
}
