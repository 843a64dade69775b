package io.driftwatch.flink.window;

import io.driftwatch.events.Baseline;
import io.driftwatch.flink.decode.Observation;
import java.util.List;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.runtime.state.VoidNamespace;

/**
 * Runs {@link ProfileAggregator} and keeps the event watermark back while it holds events for a
 * baseline not yet known ({@link ProfileAggregator#holdsWatermark}). Without this, a job started on a
 * backlog reads minutes of event time while the baselines topic is still being read; the events
 * held meanwhile would be released into windows the watermark had closed long before and be
 * dead-lettered {@code too-late}. Held back, the watermark only passes their windows after they have
 * joined them. The watermark that arrives meanwhile is kept (only the newest; watermarks only grow)
 * and passed on as soon as the hold ends: after the element or processing-time timer that released the
 * events, or when the hold has lasted {@link ProfileAggregator#WATERMARK_HOLD_MS}.
 */
public final class ProfileAggregatorOperator
        extends CoBroadcastWithKeyedOperator<SaltedKey, Observation, Baseline, PartialProfile> {
    private final ProfileAggregator aggregator;
    private transient Watermark heldBack;

    public ProfileAggregatorOperator(ProfileAggregator aggregator) {
        super(aggregator, List.of(BaselineRegistry.DESCRIPTOR));
        this.aggregator = aggregator;
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        if (aggregator.holdsWatermark(getProcessingTimeService().getCurrentProcessingTime())) {
            heldBack = mark;
        } else {
            heldBack = null;
            super.processWatermark1(mark);
        }
    }

    @Override
    public void processElement1(StreamRecord<Observation> element) throws Exception {
        super.processElement1(element);
        passOnHeldBackWatermark();
    }

    @Override
    public void onProcessingTime(InternalTimer<SaltedKey, VoidNamespace> timer) throws Exception {
        super.onProcessingTime(timer);
        passOnHeldBackWatermark();
    }

    private void passOnHeldBackWatermark() throws Exception {
        if (heldBack != null && !aggregator.holdsWatermark(getProcessingTimeService().getCurrentProcessingTime())) {
            Watermark mark = heldBack;
            heldBack = null;
            super.processWatermark1(mark);
        }
    }
}
