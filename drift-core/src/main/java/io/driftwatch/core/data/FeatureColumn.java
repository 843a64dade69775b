package io.driftwatch.core.data;

/** One column of a data set, typed. Missing values are NaN (numeric) or null (categorical). */
public sealed interface FeatureColumn permits FeatureColumn.Numeric, FeatureColumn.Categorical {
    String name();

    /** Number of rows, missing included. */
    int size();

    /** A numeric column; {@code Double.NaN} marks a missing value. */
    record Numeric(String name, double[] values) implements FeatureColumn {
        @Override
        public int size() {
            return values.length;
        }
    }

    /** A categorical column; {@code null} marks a missing value. */
    record Categorical(String name, String[] values) implements FeatureColumn {
        @Override
        public int size() {
            return values.length;
        }
    }
}
