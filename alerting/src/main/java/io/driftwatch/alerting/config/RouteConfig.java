package io.driftwatch.alerting.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.driftwatch.alerting.route.Matcher;

/**
 * A node of the routing tree with every setting resolved (a child inherits what it leaves out
 * from its parent, as in Alertmanager). {@code path} (e.g. {@code route.routes[1]}) identifies the
 * node in group keys and messages.
 */
public record RouteConfig(
        String path,
        String receiver,
        List<Matcher> matchers,
        List<String> groupBy,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        boolean continueMatching,
        List<RouteConfig> routes) {

    public RouteConfig {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }

    public boolean matches(Map<String, String> labels) {
        return matchers.stream().allMatch(matcher -> matcher.matches(labels));
    }
}
