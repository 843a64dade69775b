package io.driftwatch.flink.influx;

import io.driftwatch.events.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts dead letters per reason code, keyed by reason: as the Flink metric
 * {@code deadLettered} (group {@code reason}), and as {@code engine} points
 * ({@code reason} tag; cumulative {@code dead_lettered} count) written at most once
 * per report interval per reason while dead letters keep coming. The count is keyed state, so it
 * survives restarts.
 */
public final class DeadLetterStats extends KeyedProcessFunction<String, DeadLetter, InfluxPoint> {
    private final long reportIntervalMillis;

    private transient ValueState<Long> total;
    private transient ValueState<Boolean> reportDue;
    private transient Map<String, Counter> counters;

    public DeadLetterStats(long reportIntervalMillis) {
        this.reportIntervalMillis = reportIntervalMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("dead-letters", Types.LONG));
        reportDue = getRuntimeContext().getState(new ValueStateDescriptor<>("report-due", Types.BOOLEAN));
        counters = new HashMap<>();
    }

    @Override
    public void processElement(DeadLetter letter, Context ctx, Collector<InfluxPoint> out) throws Exception {
        counters.computeIfAbsent(letter.getReason(), reason -> getRuntimeContext().getMetricGroup()
                .addGroup("reason", reason).counter("deadLettered")).inc();
        total.update((total.value() == null ? 0 : total.value()) + 1);
        if (reportDue.value() == null) {
            reportDue.update(true);
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime()
                    + reportIntervalMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<InfluxPoint> out) throws Exception {
        reportDue.clear();
        out.collect(new InfluxPoint("engine", Map.of("reason", ctx.getCurrentKey()),
                Map.of(), Map.of("dead_lettered", total.value()), timestamp));
    }
}
