package io.driftwatch.alerting.route;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.alerting.Alert;
import io.driftwatch.alerting.config.RouteConfig;
import io.driftwatch.alerting.notify.DeliveryLanes;
import io.driftwatch.alerting.notify.DeliveryResult;
import io.driftwatch.alerting.notify.Integration;
import io.driftwatch.alerting.notify.Notification;
import io.driftwatch.alerting.state.NotificationRecord;
import io.driftwatch.alerting.state.StateStore;

/**
 * Alertmanager's dispatch model. Each alert goes to the groups of the routes it matches (key =
 * route path + values of the route's {@code group_by} labels). A new group is flushed after
 * {@code group_wait}, then every {@code group_interval}. At a flush each integration of the route's
 * receiver gets a message if an alert fires that it was not told about, if alerts it was told about
 * resolved (with {@code send_resolved}), or if {@code repeat_interval} passed since its last message;
 * silenced and inhibited alerts count as not firing. The notification log remembers what each
 * integration was told, and with the alerts it is saved in the {@link StateStore}.
 *
 * <p>Each integration's messages go to its own lane ({@link DeliveryLanes}), so one integration's
 * outage does not hold up another's. While a message of a group is on its way to an integration, that
 * integration is skipped at the group's flushes (the log does not say yet what it was told, so a new
 * message could repeat it); the alerts that arrived meanwhile are looked at by the first flush after
 * the outcome. An alert counts as handled once every integration of every group it went to has
 * handled it.
 *
 * <p>Time comes only from the {@link Clock}, and flushing happens only when {@link #flushDue()} is
 * called, so tests drive it deterministically. Not thread-safe: the service calls it from one thread,
 * which also runs the lanes' outcomes.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final RouteConfig root;
    private final Map<String, List<Integration>> integrationsByReceiver;
    private final Inhibitor inhibitor;
    private final Supplier<List<Silence>> silences;
    private final DeliveryLanes lanes;
    private final StateStore store;
    private final Clock clock;

    private final Map<String, Alert> alerts = new HashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, NotificationRecord> log = new HashMap<>();

    public Dispatcher(RouteConfig root, List<Integration> integrations, Inhibitor inhibitor,
                      Supplier<List<Silence>> silences, DeliveryLanes lanes, StateStore store, Clock clock) {
        this.root = root;
        this.integrationsByReceiver = integrations.stream().collect(Collectors.groupingBy(Integration::receiver));
        this.inhibitor = inhibitor;
        this.silences = silences;
        this.lanes = lanes;
        this.store = store;
        this.clock = clock;
    }

    /** The routes an alert is dispatched to: the deepest matching ones, siblings after a match only with {@code continue}. */
    public static List<RouteConfig> matchingRoutes(RouteConfig route, Map<String, String> labels) {
        if (!route.matches(labels)) {
            return List.of();
        }
        List<RouteConfig> matched = new ArrayList<>();
        for (RouteConfig child : route.routes()) {
            List<RouteConfig> childMatches = matchingRoutes(child, labels);
            matched.addAll(childMatches);
            if (!childMatches.isEmpty() && !child.continueMatching()) {
                break;
            }
        }
        return matched.isEmpty() ? List.of(route) : matched;
    }

    /** Rebuilds the groups and notification log saved before a restart; their groups flush after group_wait. */
    public void restore(StateStore.Snapshot snapshot) {
        snapshot.notifications().forEach(record -> log.put(record.key(), record));
        snapshot.alerts().forEach(alert -> place(alert, () -> { }));
        Set<String> orphans = new HashSet<>();
        log.values().stream().filter(record -> !groups.containsKey(record.groupKey())).forEach(record -> orphans.add(record.key()));
        orphans.forEach(this::forgetRecord);
        LOG.info("restored {} alerts in {} groups and {} notification log entries", alerts.size(), groups.size(), log.size());
    }

    /**
     * Takes a new state of an alert. {@code onHandled} runs once every integration of every group that
     * received it has handled it (delivered, found nothing to send, or recorded a failed delivery): the
     * service then may commit the alert's Kafka offset.
     */
    public void ingest(Alert alert, Runnable onHandled) {
        store.saveAlert(alert);
        place(alert, onHandled);
    }

    private void place(Alert alert, Runnable onHandled) {
        alerts.put(alert.fingerprint(), alert);
        Instant now = clock.instant();
        Set<String> keys = new LinkedHashSet<>();
        List<Group> targets = new ArrayList<>();
        for (RouteConfig route : matchingRoutes(root, alert.labels())) {
            Map<String, String> groupLabels = new TreeMap<>();
            route.groupBy().forEach(label -> {
                String value = alert.labels().get(label);
                if (value != null) {
                    groupLabels.put(label, value);
                }
            });
            String key = route.path() + groupLabels.entrySet().stream()
                    .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(",", "{", "}"));
            keys.add(key);
            targets.add(groups.computeIfAbsent(key, k -> new Group(k, route, groupLabels, now.plus(route.groupWait()))));
        }
        // The alert's labels may have changed (e.g. its severity): it leaves groups it no longer belongs to.
        groups.values().stream().filter(group -> !keys.contains(group.key)).forEach(group -> group.fingerprints.remove(alert.fingerprint()));
        List<Integration> none = List.of();
        Countdown countdown = new Countdown(targets.stream()
                .mapToInt(group -> integrationsByReceiver.getOrDefault(group.route.receiver(), none).size()).sum(), onHandled);
        for (Group group : targets) {
            group.fingerprints.add(alert.fingerprint());
            integrationsByReceiver.getOrDefault(group.route.receiver(), none).forEach(integration ->
                    group.pending.computeIfAbsent(integration.id(), id -> new ArrayList<>()).add(countdown));
        }
    }

    /** Takes the outcomes of finished deliveries, then flushes every group whose time has come. */
    public void flushDue() {
        lanes.runCompletions();
        Instant now = clock.instant();
        for (Group group : List.copyOf(groups.values())) {
            if (!group.nextFlush.isAfter(now)) {
                flush(group, now);
            }
        }
    }

    public int groupCount() {
        return groups.size();
    }

    public int alertCount() {
        return alerts.size();
    }

    private void flush(Group group, Instant now) {
        List<Alert> members = group.fingerprints.stream().map(alerts::get).toList();
        List<Silence> activeSilences = silences.get();
        List<Alert> firing = members.stream()
                .filter(alert -> alert.firing() && !muted(alert, activeSilences, now)).toList();
        Set<String> firingIds = firing.stream().map(Alert::fingerprint).collect(Collectors.toSet());
        boolean everyIntegrationLooked = true;
        for (Integration integration : integrationsByReceiver.getOrDefault(group.route.receiver(), List.of())) {
            if (group.inFlight.contains(integration.id())) {
                everyIntegrationLooked = false;
                continue;
            }
            List<Countdown> handled = Objects.requireNonNullElse(group.pending.remove(integration.id()), List.of());
            String key = group.key + "/" + integration.id();
            NotificationRecord previous = log.get(key);
            Set<String> told = previous == null ? Set.of() : previous.firing();
            List<Alert> newlyResolved = members.stream()
                    .filter(alert -> !alert.firing() && told.contains(alert.fingerprint())).toList();
            boolean newFiring = !told.containsAll(firingIds);
            boolean repeatDue = !firing.isEmpty() && previous != null
                    && !now.isBefore(previous.sentAt().plus(group.route.repeatInterval()));
            boolean announceResolved = !newlyResolved.isEmpty() && integration.config().sendResolved();
            if (newFiring || repeatDue || announceResolved) {
                Notification notification = new Notification(group.key, integration.receiver(), group.labels, firing,
                        integration.config().sendResolved() ? newlyResolved : List.of(), now);
                group.inFlight.add(integration.id());
                lanes.submit(integration, notification, result -> {
                    group.inFlight.remove(integration.id());
                    if (result instanceof DeliveryResult.Delivered) {
                        remember(new NotificationRecord(key, group.key, firingIds, now));
                    } else {
                        group.gaveUp = true;
                    }
                    handled.forEach(Countdown::integrationDone);
                });
            } else {
                if (previous != null && !told.equals(firingIds)) {
                    // Alerts resolved without send_resolved, or muted: forget them without a message.
                    remember(new NotificationRecord(key, group.key, firingIds, previous.sentAt()));
                }
                handled.forEach(Countdown::integrationDone);
            }
        }
        // Outcomes that are already in (at once with lanes that run inline, as in tests) count for this flush.
        lanes.runCompletions();
        if (everyIntegrationLooked && group.inFlight.isEmpty()) {
            // Every integration is up to date with the group as it is now: resolved alerts may leave it,
            // unless a delivery was given up on since (then they are announced again at the next flush).
            if (!group.gaveUp) {
                dropResolved(group, members);
            }
            group.gaveUp = false;
        }
        group.nextFlush = now.plus(group.route.groupInterval());
    }

    private boolean muted(Alert alert, List<Silence> activeSilences, Instant now) {
        return activeSilences.stream().anyMatch(silence -> silence.mutes(alert.labels(), now))
                || inhibitor.isInhibited(alert, alerts.values());
    }

    /** Resolved alerts leave the group once announced; an empty group is deleted with its log. */
    private void dropResolved(Group group, List<Alert> members) {
        members.stream().filter(alert -> !alert.firing()).forEach(alert -> group.fingerprints.remove(alert.fingerprint()));
        if (group.fingerprints.isEmpty()) {
            groups.remove(group.key);
            List.copyOf(log.values()).stream().filter(record -> record.groupKey().equals(group.key))
                    .forEach(record -> forgetRecord(record.key()));
        }
        for (Alert alert : members) {
            if (!alert.firing() && groups.values().stream().noneMatch(g -> g.fingerprints.contains(alert.fingerprint()))) {
                alerts.remove(alert.fingerprint());
                store.forgetAlert(alert.fingerprint());
            }
        }
    }

    private void remember(NotificationRecord record) {
        log.put(record.key(), record);
        store.saveNotification(record);
    }

    private void forgetRecord(String key) {
        log.remove(key);
        store.forgetNotification(key);
    }

    /** An alert group: the alerts of one route with the same group_by label values. */
    private static final class Group {
        final String key;
        final RouteConfig route;
        final Map<String, String> labels;
        final Set<String> fingerprints = new LinkedHashSet<>();
        /** Per integration id: the alerts it has not looked at yet (their offsets wait for it). */
        final Map<String, List<Countdown>> pending = new HashMap<>();
        /** Integration ids with a message of this group on their lane. */
        final Set<String> inFlight = new HashSet<>();
        /** A delivery was given up on since the group was last up to date everywhere. */
        boolean gaveUp;
        Instant nextFlush;

        Group(String key, RouteConfig route, Map<String, String> labels, Instant nextFlush) {
            this.key = key;
            this.route = route;
            this.labels = labels;
            this.nextFlush = nextFlush;
        }
    }

    /** Runs its action once every integration of every group that received an alert has handled it. */
    private static final class Countdown {
        private int remaining;
        private final Runnable action;

        Countdown(int integrations, Runnable action) {
            this.remaining = integrations;
            this.action = action;
            if (integrations == 0) {
                action.run();
            }
        }

        void integrationDone() {
            if (--remaining == 0) {
                action.run();
            }
        }
    }
}
