package io.driftwatch.demo.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The simulated world behind the demo's model: card transactions with twelve features (eight numeric,
 * four categorical) and whether each one is fraud. Before the drift, fraud follows one pattern
 * (large amounts far from home on young accounts, electronics); after it, six features shift
 * (amounts, distances, account ages, transaction counts, channel and merchant mix) and, in the
 * concept-drift scenario, fraud changes pattern (card testing: small amounts in gaming merchants
 * through the Android app, many transactions a day), so the old model's ranking degrades.
 *
 * <p>The outcome is drawn together with the features, as the world decides it at once; the model
 * service never reads it, and it reaches the label topic only after the label delay.
 */
public final class CardTransactions {
    public static final String MODEL_ID = "card-fraud";
    public static final String FRAUD = "fraud";
    public static final String LEGIT = "legit";
    /** The features that move after the drift, in the order the story names them. */
    public static final List<String> SHIFTED_FEATURES = List.of("amount", "distance_km", "account_age_days",
            "txn_count_24h", "channel", "merchant_category");

    private static final String[] CHANNELS = {"web", "ios", "android", "pos"};
    private static final double[] CHANNEL_BEFORE = {0.45, 0.25, 0.25, 0.05};
    private static final double[] CHANNEL_AFTER = {0.25, 0.25, 0.45, 0.05};
    private static final String[] MERCHANTS = {"grocery", "electronics", "travel", "fashion", "gaming", "other"};
    private static final double[] MERCHANT_BEFORE = {0.30, 0.15, 0.10, 0.20, 0.10, 0.15};
    private static final double[] MERCHANT_AFTER = {0.20, 0.15, 0.08, 0.15, 0.30, 0.12};
    private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "BR"};
    private static final double[] COUNTRY_SHARES = {0.50, 0.20, 0.15, 0.10, 0.05};
    private static final String[] CARD_TYPES = {"credit", "debit", "prepaid"};
    private static final double[] CARD_TYPE_SHARES = {0.60, 0.35, 0.05};

    /** One transaction: its features and the outcome the world chose. */
    public record Transaction(Map<String, Double> numeric, Map<String, String> categorical, boolean fraud) {}

    private final Random random;
    private final Scenario scenario;

    public CardTransactions(long seed, Scenario scenario) {
        this.random = new Random(seed);
        this.scenario = scenario;
    }

    /** A transaction of the world before the drift ({@code drifted} false) or after it. */
    public Transaction next(boolean drifted) {
        boolean shifted = drifted && scenario.shiftsFeatures();
        Map<String, Double> numeric = new LinkedHashMap<>();
        double logAmount = gaussian(shifted ? 4.25 : 3.8, 0.9);
        double logDistance = gaussian(shifted ? 2.6 : 2.0, 1.0);
        double logAccountAge = gaussian(shifted ? 5.6 : 6.3, 1.0);
        double txnCount = Math.max(0, Math.round(gaussian(shifted ? 5.5 : 3.0, 2.0)));
        numeric.put("amount", round(Math.exp(logAmount), 100));
        numeric.put("distance_km", round(Math.exp(logDistance), 10));
        numeric.put("account_age_days", (double) Math.round(Math.exp(logAccountAge)));
        numeric.put("txn_count_24h", txnCount);
        numeric.put("customer_age", (double) Math.round(Math.min(90, Math.max(18, gaussian(42, 12)))));
        numeric.put("hour_of_day", (double) Math.floorMod(Math.round(gaussian(14, 5)), 24));
        numeric.put("credit_limit", round(Math.exp(gaussian(8.5, 0.5)), 1));
        numeric.put("session_seconds", round(Math.exp(gaussian(4.0, 0.6)), 10));

        Map<String, String> categorical = new LinkedHashMap<>();
        String channel = pick(CHANNELS, shifted ? CHANNEL_AFTER : CHANNEL_BEFORE);
        String merchant = pick(MERCHANTS, shifted ? MERCHANT_AFTER : MERCHANT_BEFORE);
        String cardType = pick(CARD_TYPES, CARD_TYPE_SHARES);
        categorical.put("channel", channel);
        categorical.put("merchant_category", merchant);
        categorical.put("country", pick(COUNTRIES, COUNTRY_SHARES));
        categorical.put("card_type", cardType);

        // Standardised with the pre-drift moments, so a covariate shift also moves the fraud rate.
        double amount = (logAmount - 3.8) / 0.9;
        double distance = (logDistance - 2.0) / 1.0;
        double accountAge = (logAccountAge - 6.3) / 1.0;
        double count = (txnCount - 3.0) / 2.0;
        double prepaid = cardType.equals("prepaid") ? 1 : 0;
        double logit;
        if (drifted && scenario.changesConcept()) {
            logit = -2.3 - 1.0 * amount + 1.6 * indicator(merchant, "gaming") + 1.1 * indicator(channel, "android")
                    + 0.7 * count - 0.5 * accountAge + 0.5 * prepaid;
        } else {
            logit = -2.6 + 1.0 * amount + 0.8 * distance - 0.7 * accountAge + 1.0 * indicator(merchant, "electronics")
                    + 0.5 * prepaid + 0.3 * indicator(channel, "web");
        }
        boolean fraud = random.nextDouble() < 1 / (1 + Math.exp(-logit));
        return new Transaction(numeric, categorical, fraud);
    }

    private static double indicator(String value, String expected) {
        return value.equals(expected) ? 1 : 0;
    }

    private double gaussian(double mean, double sd) {
        return mean + sd * random.nextGaussian();
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }

    private String pick(String[] values, double[] shares) {
        double u = random.nextDouble();
        for (int i = 0; i < values.length - 1; i++) {
            u -= shares[i];
            if (u < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }
}
