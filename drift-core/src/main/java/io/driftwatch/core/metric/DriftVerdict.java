package io.driftwatch.core.metric;

/**
 * The outcome of the automatically chosen drift test of one feature in one window.
 *
 * @param metric the statistic that was chosen
 * @param value its value in this window
 * @param threshold the threshold it was compared with
 * @param drifted whether the window counts as drifted
 * @param rule the decision rule in words, for alert annotations and logs
 */
public record DriftVerdict(Metric metric, double value, double threshold, boolean drifted, String rule) {

    /** The statistics {@link TestSelection} chooses from, with their InfluxDB field names. */
    public enum Metric {
        KS_P_VALUE("ks_p"),
        WASSERSTEIN_NORMALISED("wasserstein"),
        CHI_SQUARE_P_VALUE("chi2_p"),
        JENSEN_SHANNON("js");

        private final String fieldName;

        Metric(String fieldName) {
            this.fieldName = fieldName;
        }

        /** The field of the {@code drift} measurement this value is written to. */
        public String fieldName() {
            return fieldName;
        }
    }
}
