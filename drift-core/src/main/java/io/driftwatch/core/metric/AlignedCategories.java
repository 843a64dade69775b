package io.driftwatch.core.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reference and current weights (counts or frequencies) of a categorical feature, aligned over one
 * list of categories so that any discrete metric ({@link Psi}, {@link ChiSquare}, {@link JensenShannon},
 * {@link Hellinger}, {@link LInfinity}) can compare them bin by bin. Categories are in natural
 * (sorted) order; a category missing on one side has weight 0 there.
 *
 * @param categories the aligned category names
 * @param reference reference weight of each category (a defensive copy)
 * @param current current weight of each category (a defensive copy)
 */
public record AlignedCategories(List<String> categories, double[] reference, double[] current) {

    public AlignedCategories {
        categories = List.copyOf(categories);
        reference = reference.clone();
        current = current.clone();
        if (reference.length != categories.size() || current.length != categories.size()) {
            throw new IllegalArgumentException("one weight per category is needed on each side");
        }
    }

    @Override
    public double[] reference() {
        return reference.clone();
    }

    @Override
    public double[] current() {
        return current.clone();
    }

    /** Aligns over the union of both maps' categories (a new current category gets reference weight 0). */
    public static AlignedCategories union(Map<String, ? extends Number> reference,
            Map<String, ? extends Number> current) {
        requireNoNullCategory(reference, current);
        TreeSet<String> categories = new TreeSet<>(reference.keySet());
        categories.addAll(current.keySet());
        return align(categories, reference, current);
    }

    /**
     * Aligns over the reference's categories plus {@code unseenBucket}: current categories the
     * reference does not know are summed into {@code unseenBucket}. This matches a baseline whose
     * category list is capped with the tail folded into an "other" bucket, and keeps the number of
     * bins (and of stored series) bounded however many new values appear.
     */
    public static AlignedCategories foldingUnseen(Map<String, ? extends Number> reference,
            Map<String, ? extends Number> current, String unseenBucket) {
        requireNoNullCategory(reference, current);
        TreeMap<String, Double> folded = new TreeMap<>();
        current.forEach((category, weight) -> folded.merge(
                reference.containsKey(category) ? category : unseenBucket, weightOf(weight), Double::sum));
        TreeSet<String> categories = new TreeSet<>(reference.keySet());
        categories.add(unseenBucket);
        return align(categories, reference, folded);
    }

    private static AlignedCategories align(TreeSet<String> categories, Map<String, ? extends Number> reference,
            Map<String, ? extends Number> current) {
        List<String> names = new ArrayList<>(categories);
        double[] ref = new double[names.size()];
        double[] cur = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            ref[i] = weightOf(reference.get(name));
            cur[i] = weightOf(current.get(name));
        }
        return new AlignedCategories(names, ref, cur);
    }

    /** An absent category (or a null weight) weighs 0; signs and finiteness are checked by the metric. */
    private static double weightOf(Number weight) {
        return weight == null ? 0.0 : weight.doubleValue();
    }

    private static void requireNoNullCategory(Map<String, ?> reference, Map<String, ?> current) {
        if (reference.keySet().stream().anyMatch(Objects::isNull)
                || current.keySet().stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("null category; map missing values to an explicit category first");
        }
    }
}
