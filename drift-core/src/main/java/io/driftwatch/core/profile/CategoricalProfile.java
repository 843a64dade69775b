package io.driftwatch.core.profile;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Mergeable counts of one categorical feature over one window, bounded in memory.
 *
 * <p>Categories known to the baseline are always counted exactly. Categories the baseline has not
 * seen are counted exactly up to {@code maxUnseenDistinct} distinct values; further new values are
 * folded into one overflow count. So a flood of random strings costs at most the cap in memory, and
 * {@link #unseen()} (values outside the baseline) is still exact; only which new values they were is
 * lost past the cap.
 */
public final class CategoricalProfile {
    /** Default cap on distinct unseen categories tracked per window and feature. */
    public static final int DEFAULT_MAX_UNSEEN_DISTINCT = 50;
    private static final byte FORMAT_VERSION = 1;

    private final Set<String> known;
    private final int maxUnseenDistinct;
    private final Map<String, Long> counts = new HashMap<>();
    private int unseenDistinct;
    private long overflow;
    private long missing;

    private CategoricalProfile(Set<String> known, int maxUnseenDistinct) {
        this.known = known;
        this.maxUnseenDistinct = maxUnseenDistinct;
    }

    /**
     * An empty profile.
     *
     * @param knownCategories the baseline's categories (copied), counted exactly whatever the cap
     * @param maxUnseenDistinct cap on distinct categories outside the baseline (≥ 0)
     */
    public static CategoricalProfile create(Set<String> knownCategories, int maxUnseenDistinct) {
        if (maxUnseenDistinct < 0) {
            throw new IllegalArgumentException("maxUnseenDistinct must be >= 0, got " + maxUnseenDistinct);
        }
        return new CategoricalProfile(Collections.unmodifiableSet(new LinkedHashSet<>(knownCategories)),
                maxUnseenDistinct);
    }

    /** Adds one observation; {@code null} is missing. */
    public void add(String category) {
        if (category == null) {
            missing++;
        } else {
            add(category, 1);
        }
    }

    /**
     * Adds {@code n} observations of one present category at once (as a window simulated from counts
     * needs); the same as {@code n} calls of {@link #add(String)}.
     */
    public void add(String category, long n) {
        Objects.requireNonNull(category, "category (use add(null) for a missing value)");
        if (n < 0) {
            throw new IllegalArgumentException("cannot add a negative number of observations: " + n);
        }
        if (n == 0) {
            return;
        }
        Long current = counts.get(category);
        if (current != null) {
            counts.put(category, current + n);
        } else if (known.contains(category)) {
            counts.put(category, n);
        } else if (unseenDistinct < maxUnseenDistinct) {
            counts.put(category, n);
            unseenDistinct++;
        } else {
            overflow += n;
        }
    }

    /** Adds {@code other} into this profile; both must know the same baseline categories. */
    public void merge(CategoricalProfile other) {
        if (!known.equals(other.known)) {
            throw new IllegalArgumentException("cannot merge categorical profiles of different baselines");
        }
        other.counts.forEach(this::add);
        overflow += other.overflow;
        missing += other.missing;
    }

    /** Exact count per tracked category (every known category seen, unseen ones up to the cap). */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** Observations of new categories past the distinct cap. */
    public long overflow() {
        return overflow;
    }

    /** Observations whose category the baseline does not know (tracked plus overflow). */
    public long unseen() {
        long unseen = overflow;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            if (!known.contains(entry.getKey())) {
                unseen += entry.getValue();
            }
        }
        return unseen;
    }

    /** Non-missing observations. */
    public long count() {
        long count = overflow;
        for (long c : counts.values()) {
            count += c;
        }
        return count;
    }

    public long missing() {
        return missing;
    }

    public Set<String> knownCategories() {
        return known;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeInt(maxUnseenDistinct);
            out.writeInt(known.size());
            for (String category : known) {
                out.writeUTF(category);
            }
            out.writeInt(counts.size());
            for (Map.Entry<String, Long> entry : counts.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue());
            }
            out.writeLong(overflow);
            out.writeLong(missing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static CategoricalProfile fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown CategoricalProfile format version " + version);
            }
            int cap = in.readInt();
            Set<String> known = new LinkedHashSet<>();
            for (int i = in.readInt(); i > 0; i--) {
                known.add(in.readUTF());
            }
            CategoricalProfile profile = new CategoricalProfile(Collections.unmodifiableSet(known), cap);
            for (int i = in.readInt(); i > 0; i--) {
                profile.add(in.readUTF(), in.readLong());
            }
            profile.overflow = in.readLong();
            profile.missing = in.readLong();
            return profile;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt CategoricalProfile bytes", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoricalProfile other && maxUnseenDistinct == other.maxUnseenDistinct
                && overflow == other.overflow && missing == other.missing && known.equals(other.known)
                && counts.equals(other.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(known, counts, overflow, missing);
    }
}
