package io.driftwatch.core.data;

/** How a column's values are compared: as numbers (binned, ranked) or as categories (counted). */
public enum ColumnKind {
    NUMERIC,
    CATEGORICAL;

    public static ColumnKind of(FeatureColumn column) {
        return column instanceof FeatureColumn.Numeric ? NUMERIC : CATEGORICAL;
    }
}
