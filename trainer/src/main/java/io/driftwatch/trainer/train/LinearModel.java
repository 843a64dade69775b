package io.driftwatch.trainer.train;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.driftwatch.trainer.data.LabelledRow;

/**
 * A linear (softmax) classifier in a library-neutral, canonical form: the feature encoding, one
 * weight row per class with the bias last. Its artifact is JSON with a fixed field order and
 * doubles written so they read back exactly, without timestamps or host data, so the same weights
 * always give the same bytes and any language can load it.
 */
public record LinearModel(String format, String positiveClass, List<String> classes, FeatureEncoding encoding,
                          List<double[]> weights) implements ScoringModel {
    public static final String FORMAT = "driftwatch-linear-v1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public LinearModel {
        classes = List.copyOf(classes);
        weights = weights.stream().map(double[]::clone).toList();
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format must be " + FORMAT + ", was " + format);
        }
        if (!classes.contains(positiveClass)) {
            throw new IllegalArgumentException("positive class '" + positiveClass + "' is not among the classes " + classes);
        }
        if (weights.size() != classes.size()) {
            throw new IllegalArgumentException(weights.size() + " weight rows for " + classes.size() + " classes");
        }
        for (double[] row : weights) {
            if (row.length != encoding.dimensions() + 1) {
                throw new IllegalArgumentException("a weight row has " + row.length + " values, expected "
                        + (encoding.dimensions() + 1) + " (features + bias)");
            }
            if (!Arrays.stream(row).allMatch(Double::isFinite)) {
                throw new IllegalArgumentException("weights must be finite numbers (did training diverge?)");
            }
        }
    }

    @Override
    public double score(LabelledRow row) {
        double[] x = encoding.encode(row);
        double[] z = new double[classes.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < z.length; c++) {
            double[] w = weights.get(c);
            double sum = w[x.length];
            for (int i = 0; i < x.length; i++) {
                sum += w[i] * x[i];
            }
            z[c] = sum;
            max = Math.max(max, sum);
        }
        double total = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            total += z[c];
        }
        return z[classes.indexOf(positiveClass)] / total;
    }

    @Override
    public byte[] toArtifact() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("a linear model always serialises", e);
        }
    }

    public static LinearModel read(byte[] bytes) throws ArtifactException {
        try {
            return JSON.readValue(bytes, LinearModel.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ArtifactException("not a readable " + FORMAT + " artifact: " + e.getMessage(), e);
        }
    }
}
