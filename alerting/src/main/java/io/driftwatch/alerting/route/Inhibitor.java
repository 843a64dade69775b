package io.driftwatch.alerting.route;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.driftwatch.alerting.Alert;
import io.driftwatch.alerting.config.InhibitRuleConfig;

/**
 * Applies inhibit rules: an alert is muted while another firing alert matches a rule's source
 * matchers, the muted one matches its target matchers, and both have the same values (or both
 * lack) the rule's {@code equal} labels. An alert never inhibits itself.
 */
public final class Inhibitor {
    private final List<InhibitRuleConfig> rules;

    public Inhibitor(List<InhibitRuleConfig> rules) {
        this.rules = List.copyOf(rules);
    }

    public boolean isInhibited(Alert target, Collection<Alert> alerts) {
        for (InhibitRuleConfig rule : rules) {
            if (!matchesAll(rule.targetMatchers(), target)) {
                continue;
            }
            for (Alert source : alerts) {
                if (source.firing() && !source.fingerprint().equals(target.fingerprint())
                        && matchesAll(rule.sourceMatchers(), source)
                        && rule.equal().stream().allMatch(label ->
                                Objects.equals(source.labels().get(label), target.labels().get(label)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesAll(List<Matcher> matchers, Alert alert) {
        return matchers.stream().allMatch(matcher -> matcher.matches(alert.labels()));
    }
}
