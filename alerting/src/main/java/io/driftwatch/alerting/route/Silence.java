package io.driftwatch.alerting.route;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Mutes every alert whose labels match all {@code matchers} from {@code startsAt} until {@code endsAt}. */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {

    public Silence {
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a silence must end after it starts");
        }
    }

    public boolean isActive(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    public boolean mutes(Map<String, String> labels, Instant now) {
        return isActive(now) && matchers.stream().allMatch(matcher -> matcher.matches(labels));
    }

    /** The same silence ending now (kept in the file, so that `silence list` shows its history). */
    public Silence expiredAt(Instant now) {
        Instant end = now.isAfter(startsAt) ? now : startsAt.plusMillis(1);
        return new Silence(id, matchers, startsAt, end.isBefore(endsAt) ? end : endsAt, createdBy, comment);
    }
}
