package io.driftwatch.trainer.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import io.driftwatch.trainer.config.ModelConfig;
import io.driftwatch.trainer.data.LabelledRow;

/**
 * Logistic regression (softmax over the two classes, log loss) fitted by Tribuo's SGD linear
 * trainer with AdaGrad and a fixed seed, on the {@link FeatureEncoding} of the rows. The result is
 * copied into a {@link LinearModel}, whose canonical artifact carries no Tribuo provenance
 * (Tribuo's own serialisation embeds the training time and host, which would break bit-for-bit
 * reproducibility).
 */
public final class LogisticRegressionTrainer implements ModelTrainer {
    /** Tribuo logs every training at INFO through java.util.logging; held strongly so the level sticks. */
    private static final java.util.logging.Logger TRIBUO_LOG = quietTribuo();

    private final ModelConfig.Training settings;

    public LogisticRegressionTrainer(ModelConfig.Training settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return ModelConfig.Training.LOGISTIC_REGRESSION;
    }

    @Override
    public Map<String, String> hyperParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("objective", "log_multiclass");
        parameters.put("optimiser", "adagrad");
        parameters.put("learning_rate", String.valueOf(settings.learningRate()));
        parameters.put("epochs", String.valueOf(settings.epochs()));
        parameters.put("minibatch_size", String.valueOf(settings.minibatchSize()));
        parameters.put("max_categories", String.valueOf(FeatureEncoding.MAX_CATEGORIES));
        return parameters;
    }

    @Override
    public long seed() {
        return settings.seed();
    }

    @Override
    public Map<String, String> libraryVersions() {
        return Map.of("tribuo", Tribuo.VERSION, "java", System.getProperty("java.specification.version"));
    }

    @Override
    public LinearModel train(List<LabelledRow> rows, String positiveClass) {
        FeatureEncoding encoding = FeatureEncoding.fit(rows);
        LinearSGDModel fitted = fit(rows, encoding);
        ImmutableFeatureMap features = fitted.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputs = fitted.getOutputIDInfo();
        DenseMatrix tribuoWeights = fitted.getWeightsCopy();
        int biasColumn = tribuoWeights.getDimension2Size() - 1;
        List<String> names = encoding.dimensionNames();
        List<String> classes = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        for (int c = 0; c < outputs.size(); c++) {
            classes.add(outputs.getOutput(c).getLabel());
            double[] row = new double[names.size() + 1];
            for (int i = 0; i < names.size(); i++) {
                int id = features.getID(names.get(i));
                // A dimension that was zero in every training row is unknown to Tribuo: weight 0.
                row[i] = id < 0 ? 0 : tribuoWeights.get(c, id);
            }
            row[names.size()] = tribuoWeights.get(c, biasColumn);
            weights.add(row);
        }
        return new LinearModel(LinearModel.FORMAT, positiveClass, classes, encoding, weights);
    }

    private static java.util.logging.Logger quietTribuo() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("org.tribuo");
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** Tribuo's model on the encoded rows; a new Tribuo trainer per call, because its RNG advances per train(). */
    LinearSGDModel fit(List<LabelledRow> rows, FeatureEncoding encoding) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("driftwatch", factory), factory);
        String[] names = encoding.dimensionNames().toArray(String[]::new);
        for (LabelledRow row : rows) {
            dataset.add(new ArrayExample<>(new Label(row.label()), names.clone(), encoding.encode(row)));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(settings.learningRate()),
                settings.epochs(), Integer.MAX_VALUE, settings.minibatchSize(), settings.seed());
        return trainer.train(dataset);
    }
}
