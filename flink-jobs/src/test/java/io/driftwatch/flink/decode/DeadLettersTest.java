package io.driftwatch.flink.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.events.DeadLetter;
import io.driftwatch.flink.source.RawRecord;
import io.driftwatch.schema.validate.RejectReason;
import io.driftwatch.schema.validate.Rejection;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private static final RawRecord RECORD = new RawRecord("predictions", 0, 7, 0, null, new byte[100_000]);

    @Test
    void aHostileModelIdIsCutSoTheDeadLetterStaysSmallerThanItsRecord() {
        String hugeId = "m".repeat(1_000_000);
        DeadLetter letter = DeadLetters.of(RECORD, DeadLetters.STAGE_VALIDATE,
                new Rejection(RejectReason.INVALID_ID, "model_id is too long"), hugeId, 65_536);
        assertThat(letter.getModelId()).hasSize(DeadLetters.MAX_MODEL_ID_CHARS).isEqualTo(hugeId.substring(0, 256));
        assertThat(letter.getPayload().remaining()).isEqualTo(65_536);
    }

    @Test
    void aReadableModelIdIsKeptAsItIs() {
        DeadLetter letter = DeadLetters.of(RECORD, DeadLetters.STAGE_BASELINE,
                new Rejection(RejectReason.UNKNOWN_MODEL, "not allowed"), "fraud", 65_536);
        assertThat(letter.getModelId()).isEqualTo("fraud");
    }
}
