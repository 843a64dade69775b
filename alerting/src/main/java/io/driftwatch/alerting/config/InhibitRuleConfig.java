package io.driftwatch.alerting.config;

import java.util.List;

import io.driftwatch.alerting.route.Matcher;

/**
 * Mutes alerts matching {@code targetMatchers} while an alert matching {@code sourceMatchers} fires
 * with the same values of the {@code equal} labels (e.g. a critical model-level alert mutes the
 * warnings of the same model).
 */
public record InhibitRuleConfig(List<Matcher> sourceMatchers, List<Matcher> targetMatchers, List<String> equal) {
    public InhibitRuleConfig {
        sourceMatchers = List.copyOf(sourceMatchers);
        targetMatchers = List.copyOf(targetMatchers);
        equal = List.copyOf(equal);
    }
}
