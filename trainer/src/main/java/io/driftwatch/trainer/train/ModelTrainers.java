package io.driftwatch.trainer.train;

import io.driftwatch.trainer.config.ModelConfig;

/** The trainers the configuration can name; a new {@link ModelTrainer} is added here and in ModelConfig.Training. */
public final class ModelTrainers {
    private ModelTrainers() {}

    public static ModelTrainer create(ModelConfig.Training settings) {
        if (ModelConfig.Training.LOGISTIC_REGRESSION.equals(settings.type())) {
            return new LogisticRegressionTrainer(settings);
        }
        throw new IllegalArgumentException("no trainer named '" + settings.type() + "'");
    }
}
