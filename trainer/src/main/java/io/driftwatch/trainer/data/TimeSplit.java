package io.driftwatch.trainer.data;

import java.util.List;

/**
 * Splits canonically ordered rows in time: the newest {@code evaluationFraction} evaluate, the
 * older rest trains. Evaluating on the most recent data is what tells whether a model suits the
 * data it will see next, and keeps future rows out of training.
 */
public record TimeSplit(List<LabelledRow> training, List<LabelledRow> evaluation) {

    public static TimeSplit of(LabelledData data, double evaluationFraction) {
        int rows = data.size();
        int evaluationRows = (int) Math.ceil(rows * evaluationFraction);
        int cut = rows - evaluationRows;
        return new TimeSplit(data.rows().subList(0, cut), data.rows().subList(cut, rows));
    }
}
