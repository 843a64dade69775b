package io.driftwatch.bench;

import io.driftwatch.core.profile.CategoricalProfile;
import io.driftwatch.events.Baseline;
import io.driftwatch.flink.window.WindowProfile;
import io.driftwatch.flink.window.WindowProfileSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Bytes of window state as the events per window grow: the job's window accumulator
 * ({@link WindowProfile}) of the 20 + 5 feature model, fed n events, serialised with the job's own
 * state serializer ({@link WindowProfileSerializer}, what a checkpoint writes per window and key),
 * and each feature's profile on its own (bytes per (model, feature)).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.driftwatch.bench.WindowStateSizeBenchmark \
 *     [--events 10000,100000,1000000,10000000]</pre>
 */
public final class WindowStateSizeBenchmark {
    private WindowStateSizeBenchmark() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Options.parse(args, Map.of("events", "10000,100000,1000000,10000000"));
        SyntheticModel model = new SyntheticModel(7);
        Baseline baseline = model.baseline(Instant.EPOCH);
        Map<String, Double> numeric = new HashMap<>();
        Map<String, String> categorical = new HashMap<>();
        System.out.println("| events per window | window state (all features) | per feature, mean | numeric feature, max "
                + "| categorical feature, max |");
        System.out.println("|---|---|---|---|---|");
        for (String size : options.get("events").split(",")) {
            long events = Long.parseLong(size.trim());
            WindowProfile profile = WindowProfile.forBaseline(baseline);
            for (long i = 0; i < events; i++) {
                profile.add(model.observation(i, numeric, categorical), false);
            }
            DataOutputSerializer state = new DataOutputSerializer(64 * 1024);
            WindowProfileSerializer.INSTANCE.serialize(profile, state);
            int profiled = profile.numeric().size() + profile.categorical().size() + 2;
            int numericMax = profile.numeric().values().stream().mapToInt(p -> p.toBytes().length).max().orElse(0);
            int categoricalMax = profile.categorical().values().stream().map(CategoricalProfile::toBytes)
                    .mapToInt(bytes -> bytes.length).max().orElse(0);
            System.out.printf(Locale.ROOT, "| %,d | %,d B | %,d B | %,d B | %,d B |%n", events, state.length(),
                    state.length() / profiled, numericMax, categoricalMax);
        }
    }
}
