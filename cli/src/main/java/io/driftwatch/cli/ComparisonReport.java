package io.driftwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.data.ColumnKind;
import io.driftwatch.core.drift.FeatureDrift;
import java.util.List;
import java.util.Locale;

/**
 * What {@code compare} prints. The JSON form is a stable contract (documented in README.md): every
 * column object has every key, {@code null} where a metric does not apply or is undefined.
 */
record ComparisonReport(String reference, String current, String mode, int bins, List<Row> rows) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One column's result; {@code drift} is empty when the column was skipped, with {@code note} saying why. */
    record Row(String column, ColumnKind kind, FeatureDrift drift, String note) {
        static Row of(FeatureDrift drift) {
            return new Row(drift.feature(), drift instanceof FeatureDrift.Numeric ? ColumnKind.NUMERIC
                    : ColumnKind.CATEGORICAL, drift, null);
        }

        static Row skipped(String column, ColumnKind kind, String note) {
            return new Row(column, kind, null, note);
        }
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("reference", reference).put("current", current).put("mode", mode).put("bins", bins);
        var columns = root.putArray("columns");
        for (Row row : rows) {
            columns.add(columnJson(row));
        }
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode columnJson(Row row) {
        ObjectNode o = JSON.createObjectNode();
        o.put("column", row.column());
        o.put("type", row.kind().name().toLowerCase(Locale.ROOT));
        FeatureDrift d = row.drift();
        FeatureDrift.Numeric n = d instanceof FeatureDrift.Numeric numeric ? numeric : null;
        FeatureDrift.Categorical c = d instanceof FeatureDrift.Categorical categorical ? categorical : null;
        putLong(o, "n_ref", d == null ? null : d.referenceCount());
        putLong(o, "n_cur", d == null ? null : d.currentCount());
        put(o, "psi", d == null ? null : d.psi());
        put(o, "ks_d", n == null ? null : n.ks().d());
        put(o, "ks_p", n == null ? null : n.ks().pValue());
        o.put("ks_p_method", n == null ? null : n.ks().pMethod());
        put(o, "ks_d_error_bound", n == null ? null : n.ks().dErrorBound());
        put(o, "wasserstein", n == null ? null : n.wasserstein().normalised());
        put(o, "js", d == null ? null : d.jensenShannon());
        put(o, "hellinger", d == null ? null : d.hellinger());
        put(o, "chi2", c == null ? null : c.chiSquare().statistic());
        put(o, "chi2_p", c == null ? null : c.chiSquare().pValue());
        putLong(o, "chi2_dof", c == null ? null : (long) c.chiSquare().degreesOfFreedom());
        put(o, "linf", c == null ? null : c.lInfinity());
        put(o, "missing_frac", d == null ? null : d.missingFraction());
        put(o, "out_of_range_frac", n == null ? null : n.outOfRangeFraction());
        put(o, "unseen_frac", c == null ? null : c.unseenFraction());
        o.put("test", d == null ? null : d.verdict().metric().fieldName());
        put(o, "test_value", d == null ? null : d.verdict().value());
        put(o, "threshold", d == null ? null : d.verdict().threshold());
        if (d == null) {
            o.putNull("drifted");
        } else {
            o.put("drifted", d.verdict().drifted());
        }
        o.put("note", row.note());
        return o;
    }

    private static void put(ObjectNode o, String key, Double value) {
        if (value == null || !Double.isFinite(value)) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    private static void putLong(ObjectNode o, String key, Long value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    String toTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "reference: %s%ncurrent:   %s%nmode:      %s (%d bins)%n%n",
                reference, current, mode, bins));
        String format = "%-20s %-11s %8s %8s %8s %7s %9s %7s %7s %9s  %-11s %s%n";
        out.append(String.format(Locale.ROOT, format, "column", "type", "n_ref", "n_cur", "psi", "ks_d", "ks_p",
                "js", "wass", "chi2_p", "test", "verdict"));
        for (Row row : rows) {
            FeatureDrift d = row.drift();
            if (d == null) {
                out.append(String.format(Locale.ROOT, "%-20s %-11s %s%n", row.column(),
                        row.kind().name().toLowerCase(Locale.ROOT), "skipped: " + row.note()));
                continue;
            }
            FeatureDrift.Numeric n = d instanceof FeatureDrift.Numeric numeric ? numeric : null;
            FeatureDrift.Categorical c = d instanceof FeatureDrift.Categorical categorical ? categorical : null;
            out.append(String.format(Locale.ROOT, format, row.column(), row.kind().name().toLowerCase(Locale.ROOT),
                    d.referenceCount(), d.currentCount(), fixed(d.psi()), n == null ? "-" : fixed(n.ks().d()),
                    n == null ? "-" : probability(n.ks().pValue()), fixed(d.jensenShannon()),
                    n == null ? "-" : fixed(n.wasserstein().normalised()),
                    c == null ? "-" : probability(c.chiSquare().pValue()), d.verdict().metric().fieldName(),
                    d.verdict().drifted() ? "DRIFT" : "ok"));
        }
        return out.toString();
    }

    private static String fixed(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "-";
    }

    private static String probability(double value) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        return value >= 1e-4 ? String.format(Locale.ROOT, "%.4f", value) : String.format(Locale.ROOT, "%.2e", value);
    }
}
