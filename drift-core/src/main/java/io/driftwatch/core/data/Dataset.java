package io.driftwatch.core.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Named, typed columns of equal length: training data for a baseline, or one side of a comparison. */
public record Dataset(String source, List<FeatureColumn> columns) {
    public Dataset {
        columns = List.copyOf(columns);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (FeatureColumn column : columns) {
            if (sizes.put(column.name(), column.size()) != null) {
                throw new IllegalArgumentException(source + ": duplicate column '" + column.name() + "'");
            }
        }
        if (sizes.values().stream().distinct().count() > 1) {
            throw new IllegalArgumentException(source + ": columns have different lengths " + sizes);
        }
    }

    public int rows() {
        return columns.isEmpty() ? 0 : columns.get(0).size();
    }

    public Optional<FeatureColumn> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
